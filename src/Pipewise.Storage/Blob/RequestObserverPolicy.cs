using Azure.Core;
using Azure.Core.Pipeline;

namespace Pipewise.Storage;

/// <summary>Tells <see cref="BlobStoreOptions.OnRequest"/> about each request sent: method and path only (no query, so no SAS).</summary>
internal sealed class RequestObserverPolicy(Action<string> observer) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        observer(message.Request.Method + " " + message.Request.Uri.Path);
    }
}
