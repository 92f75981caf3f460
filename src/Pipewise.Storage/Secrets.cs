using Pipewise.Core.Secrets;

namespace Pipewise.Storage;

/// <summary>
/// The store's name for <see cref="SecretRedaction"/> (the one rule, in Core), kept so that the store's files call
/// it as before.
/// </summary>
public static class Secrets
{
    /// <inheritdoc cref="SecretRedaction.Redact"/>
    public static string Redact(string? text) => SecretRedaction.Redact(text);

    /// <inheritdoc cref="SecretRedaction.DescribeUrl"/>
    public static string DescribeUrl(Uri url) => SecretRedaction.DescribeUrl(url);
}
