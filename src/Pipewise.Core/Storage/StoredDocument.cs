namespace Pipewise.Core.Storage;

/// <summary>A document's bytes and the ETag to pass back as If-Match.</summary>
public sealed record StoredDocument(string Path, byte[] Content, string ETag)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Content);
}
