using System.Net;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>An Azure DevOps REST call failed. The message says what was called, why, and what to do; never the token.</summary>
public sealed class AzureDevOpsApiException : Exception
{
    public AzureDevOpsApiException()
    {
    }

    public AzureDevOpsApiException(string message)
        : base(message)
    {
    }

    public AzureDevOpsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AzureDevOpsApiException(string message, HttpStatusCode? statusCode, string? operation, string? scope)
        : base(message)
    {
        StatusCode = statusCode;
        Operation = operation;
        Scope = scope;
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>e.g. "GET build/builds/{id}".</summary>
    public string? Operation { get; }

    /// <summary>The OAuth scope the operation needs, e.g. <c>vso.build</c>.</summary>
    public string? Scope { get; }
}
