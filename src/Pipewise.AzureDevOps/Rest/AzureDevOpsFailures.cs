using System.Net;
using System.Text.Json;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>The messages of failed REST calls: the operation, the status, the server's own words and a permission hint.</summary>
internal static class AzureDevOpsFailures
{
    /// <summary>The exception for a refused call: what was refused, why, and which permission would fix it.</summary>
    public static AzureDevOpsApiException From(AzureDevOpsConnection connection, HttpMethod method, Uri uri, HttpResponseMessage response, string body, string scope, string purpose)
    {
        var operation = $"{method} {Describe(uri)}";
        var status = (int)response.StatusCode;
        var serverMessage = ServerMessage(body);
        var who = connection.Credential.Description;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized =>
                $"Azure DevOps rejected {who} when trying to {purpose} ({operation}: 401 Unauthorized). The token is missing, expired " +
                $"or not valid for {connection.CollectionUri.Host}. In YAML, pass the job token with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)` " +
                "(the Pipewise task reads it from the SystemVssConnection endpoint) or provide a personal access token.",
            HttpStatusCode.Forbidden =>
                $"{Capitalise(who)} lacks scope {scope} needed to {purpose} ({operation}: 403 Forbidden). {Hint(scope)}",
            HttpStatusCode.NotFound =>
                $"Azure DevOps found nothing at {operation} (404 Not Found) when trying to {purpose}. Check the project, the id and that {who} can see it.",
            HttpStatusCode.TooManyRequests =>
                $"Azure DevOps kept throttling {operation} (429 Too Many Requests) when trying to {purpose}, even after retrying with the Retry-After delay.",
            _ when status >= 500 =>
                $"Azure DevOps failed {operation} ({status} {response.ReasonPhrase}) when trying to {purpose}, even after retrying.",
            _ => $"Azure DevOps refused {operation} ({status} {response.ReasonPhrase}) when trying to {purpose}.",
        };
        if (!string.IsNullOrEmpty(serverMessage))
        {
            message += $" Server said: {serverMessage}";
        }

        return new AzureDevOpsApiException(connection.Credential.Redact(message), response.StatusCode, operation, scope);
    }

    private static string Hint(string scope) => scope switch
    {
        "vso.build" => "Give the pipeline's build service identity read access to builds, and check the project setting 'Limit job authorization scope' when the build is in another project.",
        "vso.test" => "Give the build service identity 'View test runs' in this project.",
        "vso.release" => "Give the build service identity 'View releases' on the release definition.",
        "vso.code" => "Give the build service identity 'Read' on the repository.",
        "vso.code_status" => "Give the build service identity 'Contribute to pull requests' on the repository (Project settings → Repositories → Security).",
        "vso.threads_full" => "Give the build service identity 'Contribute to pull requests' on the repository (Project settings → Repositories → Security).",
        _ => "Grant the identity behind the token this permission.",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The path after <c>_apis/</c> without the query: short and free of secrets.</summary>
    public static string Describe(Uri uri)
    {
        var path = uri.AbsolutePath;
        var index = path.IndexOf("/_apis/", StringComparison.OrdinalIgnoreCase);
        return index >= 0 ? path[(index + "/_apis/".Length)..] : path;
    }

    private static string? ServerMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                var text = m.GetString() ?? string.Empty;
                return text.Length > 300 ? text[..300] + "…" : text;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
