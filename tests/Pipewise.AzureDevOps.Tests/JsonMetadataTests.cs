using System.Text.Json;
using Pipewise.AzureDevOps.Rest;

namespace Pipewise.AzureDevOps.Tests;

/// <summary>
/// The REST client's JSON runs on source-generated metadata only (the Native AOT tool has no reflection-based
/// serializer): every type it reads or writes, and every enum of its models, must be known to it.
/// </summary>
[TestClass]
public sealed class JsonMetadataTests
{
    /// <summary>Every type the client reads (answers) or writes (bodies).</summary>
    private static readonly Type[] Used =
    [
        typeof(Build), typeof(Timeline), typeof(ListResponse<Build>), typeof(ListResponse<Rest.TestRun>), typeof(ListResponse<TestCaseResult>),
        typeof(Release), typeof(ListResponse<Deployment>), typeof(ListResponse<GitPullRequestIteration>), typeof(GitPullRequestStatus),
        typeof(ConnectionData), typeof(ListResponse<CommentThread>), typeof(CommentThread), typeof(Comment), typeof(Dictionary<string, object>),
    ];

    [TestMethod]
    public void EveryEnumOfTheModels_HasATolerantConverter()
    {
        // The enums the JSON reads and writes: those reachable through the properties of the answer and body types
        // (nested models, lists and nullables included).
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(Used);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            if (type.IsEnum)
            {
                enums.Add(type);
                continue;
            }

            foreach (var argument in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
            {
                pending.Push(argument);
            }

            if (type.Namespace == "Pipewise.AzureDevOps.Rest")
            {
                foreach (var property in type.GetProperties())
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        Assert.IsGreaterThanOrEqualTo(8, enums.Count, "the models hold build, release, git and test enums");
        var missing = enums.Where(e => !TolerantEnumConverterFactory.Converters.ContainsKey(e)).Select(e => e.Name).ToList();
        Assert.IsEmpty(missing, "add these to TolerantEnumConverterFactory: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void EveryAnswerAndBodyType_HasSourceGeneratedMetadata()
    {
        foreach (var type in Used)
        {
            Assert.IsNotNull(AzureDevOpsJson.TypeInfo(type), type.Name);
        }

        var ex = Assert.ThrowsExactly<NotSupportedException>(() => AzureDevOpsJson.TypeInfo(typeof(Uri[])));
        StringAssert.Contains(ex.Message, "AzureDevOpsJsonContext");
    }

    [TestMethod]
    public void EnumsAndDates_ReadTolerantly_AndBodiesWriteAsTheRestApiExpects()
    {
        var build = JsonSerializer.Deserialize("""{"id":7,"status":"COMPLETED","result":42,"startTime":"0001-01-01T00:00:00","finishTime":"2026-01-02T03:04:05Z"}""", AzureDevOpsJson.TypeInfo<Build>())!;
        Assert.AreEqual(BuildStatus.Completed, build.Status);
        Assert.AreEqual(BuildResult.Unknown, build.Result, "an unknown number reads as Unknown");
        Assert.IsNull(build.StartTime, "the minimum date means not set");
        Assert.AreEqual(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), build.FinishTime);

        var body = new Dictionary<string, object>
        {
            ["comments"] = new[] { new Dictionary<string, object> { ["parentCommentId"] = 0, ["content"] = "hi", ["commentType"] = 1 } },
            ["status"] = 1,
        };
        Assert.AreEqual("""{"comments":[{"parentCommentId":0,"content":"hi","commentType":1}],"status":1}""", JsonSerializer.Serialize(body, AzureDevOpsJson.TypeInfo(body.GetType())));
    }
}
