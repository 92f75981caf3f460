namespace Pipewise.AzureDevOps.Rest;

/// <summary>Retry settings of the REST client.</summary>
public sealed record AzureDevOpsClientOptions
{
    /// <summary>Retries after the first attempt (429, 408, 5xx, connection failures). Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First back-off delay when the server gives no Retry-After; doubles with jitter. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After Pipewise waits; a longer one is cut to this. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one attempt. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock a Retry-After date is measured against. Default the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
