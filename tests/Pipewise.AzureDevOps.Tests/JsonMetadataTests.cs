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
    private static readonly Type[] Models = [.. typeof(AzureDevOpsClient).Assembly.GetTypes().Where(t => t.Namespace == "Pipewise.AzureDevOps.Rest" && t.IsPublic)];

    [TestMethod]
    public void EveryEnumOfTheModels_HasATolerantConverter()
    {
        // The enums that the models' properties hold (directly or nullable): the ones the JSON reads and writes.
        var enums = Models.Where(t => t.IsClass).SelectMany(t => t.GetProperties())
            .Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).Where(t => t.IsEnum).Distinct().ToList();
        Assert.IsNotEmpty(enums);
        var missing = enums.Where(e => !TolerantEnumConverterFactory.Converters.ContainsKey(e)).Select(e => e.Name).ToList();
        Assert.IsEmpty(missing, "add these to TolerantEnumConverterFactory: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void EveryAnswerAndBodyType_HasSourceGeneratedMetadata()
    {
        Type[] used =
        [
            typeof(Build), typeof(Timeline), typeof(ListResponse<Build>), typeof(ListResponse<Rest.TestRun>), typeof(ListResponse<TestCaseResult>),
            typeof(Release), typeof(ListResponse<Deployment>), typeof(ListResponse<GitPullRequestIteration>), typeof(GitPullRequestStatus),
            typeof(ConnectionData), typeof(ListResponse<CommentThread>), typeof(CommentThread), typeof(Comment), typeof(Dictionary<string, object>),
        ];
        foreach (var type in used)
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
