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

        var kept = typeof(OctokitAot).GetMethod(nameof(OctokitAot.Keep))!.GetCustomAttributes<DynamicDependencyAttribute>()
            .Select(a => a.Type!.FullName!).ToHashSet(StringComparer.Ordinal);
        Assert.IsGreaterThan(50, used.Count, "Octokit's models hold dozens of StringEnum<T> properties");
        var missing = used.Where(u => !kept.Contains(u)).ToList();
        Assert.IsEmpty(missing, "add to OctokitAot: " + string.Join(", ", missing));
    }
}
