using System.Globalization;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>Web links of the current run.</summary>
internal static class AzurePipelinesLinks
{
    /// <summary>The release's page, or the build's results page; null when the variables do not say.</summary>
    public static Uri? RunUrl(AzurePipelinesEnvironment env)
    {
        if (env.IsRelease)
        {
            return Uri.TryCreate(env.ReleaseWebUrl, UriKind.Absolute, out var release) ? release : null;
        }

        if (env.CollectionUri is null || env.Project is null || env.BuildId is null)
        {
            return null;
        }

        var collection = env.CollectionUri.AbsoluteUri.EndsWith('/') ? env.CollectionUri.AbsoluteUri : env.CollectionUri.AbsoluteUri + "/";
        return new Uri($"{collection}{Uri.EscapeDataString(env.Project)}/_build/results?buildId={env.BuildId.Value.ToString(CultureInfo.InvariantCulture)}");
    }
}
