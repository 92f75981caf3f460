using System.Text.Json;
using Pipewise.AzureDevOps;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

/// <summary>Reads the Azure DevOps REST fixtures under ../shared and serves them from a <see cref="ReplayServer"/>.</summary>
internal static class Fixtures
{
    public const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwaXBld2lzZS10ZXN0In0.c2VjcmV0LXNpZ25hdHVyZS1kby1ub3QtbG9n";

    public static string Path(string name) => SharedFiles.Require("fixtures/azure-devops/rest/" + name);

    /// <summary>The response body of a fixture (the first 2xx response) as JSON text.</summary>
    public static string Body(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path(name)));
        foreach (var response in doc.RootElement.GetProperty("responses").EnumerateObject())
        {
            if (response.Name.StartsWith('2') && response.Value.TryGetProperty("body", out var body))
            {
                return body.GetRawText();
            }
        }

        throw new InvalidOperationException($"Fixture {name} has no 2xx response body.");
    }

    /// <summary>The request body a fixture documents (parameters.body), as a JSON element clone.</summary>
    public static JsonElement RequestBody(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path(name)));
        return doc.RootElement.GetProperty("parameters").GetProperty("body").Clone();
    }

    public static ReplayResponse Json(string name, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        ReplayResponse.Json(Body(name), status, headers);

    public static AzureDevOpsClientOptions FastRetries { get; } = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    public static Dictionary<string, string?> BuildEnvironment(Uri collection, string project = "Fabrikam-Fiber-Git", int buildId = 391) => new()
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = collection.AbsoluteUri,
        ["SYSTEM_TEAMPROJECT"] = project,
        ["SYSTEM_TEAMPROJECTID"] = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
        ["SYSTEM_HOSTTYPE"] = "build",
        ["SYSTEM_DEFINITIONID"] = "25",
        ["BUILD_BUILDID"] = buildId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BUILD_BUILDNUMBER"] = "20150716.2",
        ["BUILD_REASON"] = "Manual",
        ["BUILD_SOURCEBRANCH"] = "refs/heads/master",
        ["BUILD_REPOSITORY_ID"] = "278d5cd2-584d-4b63-824a-2ba458937249",
        ["BUILD_REPOSITORY_PROVIDER"] = "TfsGit",
        ["SYSTEM_JOBATTEMPT"] = "1",
        ["AGENT_OS"] = "Linux",
        ["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = Token,
    };

    /// <summary>A host against the replay server, with fast retries.</summary>
    public static AzurePipelinesRunHost Host(ReplayServer server, IDictionary<string, string?> env, TextWriter output, string? token = null, bool postStatus = true, bool postComment = true) =>
        AzurePipelinesRunHost.CreateHost(
            new RunHostSettings
            {
                Environment = new Dictionary<string, string?>(env),
                Token = token,
                ApiBaseUrl = new Uri(server.BaseUrl, "fabrikam/"),
                Output = output,
                PostStatus = postStatus,
                PostComment = postComment,
            },
            FastRetries);

    public static string ProjectPath(string project = "Fabrikam-Fiber-Git") => "/fabrikam/" + project + "/_apis/";

    public static Dictionary<string, string> QueryOf(RecordedRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            result[key] = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        return result;
    }
}
