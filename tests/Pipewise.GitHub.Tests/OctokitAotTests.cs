using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Octokit;

namespace Pipewise.GitHub.Tests;

/// <summary>
/// The Native AOT pipewise can create only the StringEnum&lt;T&gt; values its code names (OctokitAot): a model property
/// of a StringEnum&lt;T&gt; missing there fails on the runner ("No parameterless constructor defined"), not here. This
/// keeps the list in step with the Octokit in use (an Octokit upgrade that adds one fails this test).
/// </summary>
[TestClass]
public sealed class OctokitAotTests
{
    [TestMethod]
    public void EveryStringEnumOfOctokitsModels_IsKeptForNativeAot()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(GitHubClient).Assembly.GetTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(StringEnum<>))
                {
                    used.Add(propertyType.FullName!);
                    used.Add(typeof(Nullable<>).MakeGenericType(propertyType).FullName!);
                }
            }
        }

        var kept = Kept().Select(a => a.Type!.FullName!).ToHashSet(StringComparer.Ordinal);
        Assert.IsGreaterThan(50, used.Count, "Octokit's models hold dozens of StringEnum<T> properties");
        var missing = used.Where(u => !kept.Contains(u)).ToList();
        Assert.IsEmpty(missing, "add to OctokitAot: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void EveryCollectionOfOctokitsModels_HasItsConstructorKeptForNativeAot()
    {
        // What Octokit's PocoJsonSerializerStrategy constructs by reflection for a property's collection type: List<T>
        // for IReadOnlyList<T>, IList<T>, ICollection<T>, IEnumerable<T> (and List<T> itself), Dictionary<K, V> for the
        // dictionary interfaces (and ReadOnlyDictionary<K, V> around it for IReadOnlyDictionary<K, V>), and a concrete
        // collection class as it is.
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(GitHubClient).Assembly.GetTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Collect(property.PropertyType, used);
            }
        }

        var kept = Kept()
            .Where(a => a.MemberTypes.HasFlag(DynamicallyAccessedMemberTypes.PublicConstructors))
            .Select(a => a.Type!.FullName!).ToHashSet(StringComparer.Ordinal);
        Assert.IsGreaterThan(50, used.Count, "Octokit's models hold dozens of collection properties");
        Assert.Contains(typeof(List<WorkflowJobStep>).FullName!, used, "a workflow job's steps are one of them");
        var missing = used.Where(u => !kept.Contains(u)).ToList();
        Assert.IsEmpty(missing, "add to OctokitAot: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void ThePagesPipewiseReads_HaveTheirListsKeptForNativeAot()
    {
        // ApiConnection.GetAll<T> reads each page as a List<T>: the element types of the pages Pipewise asks for.
        var kept = Kept().Select(a => a.Type!).ToHashSet();
        foreach (var page in new[] { typeof(List<IssueComment>), typeof(List<Deployment>), typeof(List<DeploymentStatus>), typeof(List<WorkflowJob>) })
        {
            Assert.Contains(page, kept);
        }
    }

    /// <summary>What OctokitAot names for the AOT compiler.</summary>
    private static IEnumerable<DynamicDependencyAttribute> Kept() =>
        typeof(OctokitAot).GetMethod(nameof(OctokitAot.Keep))!.GetCustomAttributes<DynamicDependencyAttribute>();

    private static void Collect(Type type, ISet<string> used)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericParameter)
        {
            return;
        }

        if (type.IsArray)
        {
            // Arrays are made without a constructor (and Octokit's models hold only string[] and long[]).
            Collect(type.GetElementType()!, used);
            return;
        }

        if (!type.IsGenericType || type.ContainsGenericParameters)
        {
            return;
        }

        var arguments = type.GetGenericArguments();
        foreach (var argument in arguments)
        {
            Collect(argument, used);
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(List<>))
        {
            used.Add(typeof(List<>).MakeGenericType(arguments).FullName!);
        }
        else if (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
        {
            used.Add(typeof(Dictionary<,>).MakeGenericType(arguments).FullName!);
            if (definition == typeof(IReadOnlyDictionary<,>))
            {
                // Octokit wraps the dictionary it read in a ReadOnlyDictionary<K, V> (found by its constructor).
                used.Add(typeof(System.Collections.ObjectModel.ReadOnlyDictionary<,>).MakeGenericType(arguments).FullName!);
            }
        }
        else if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !type.IsInterface && !type.IsValueType)
        {
            used.Add(type.FullName!);
        }
    }
}
