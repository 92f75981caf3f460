using Pipewise.Core.Hosting;
using Pipewise.Hosting.CiHosts;
using Pipewise.Hosting.Secrets;

namespace Pipewise.AzureDevOps;

/// <summary>
/// Azure Pipelines as a CI host: detected by <c>TF_BUILD=True</c>; the token is the task's <c>token</c> input
/// (<c>INPUT_TOKEN</c>), else <c>SYSTEM_ACCESSTOKEN</c>, else <c>PIPEWISE_AZURE_DEVOPS_TOKEN</c> (without one, the host
/// falls back to the job's SystemVssConnection token or AZURE_DEVOPS_EXT_PAT); the run host is
/// <see cref="AzurePipelinesRunHost"/>.
/// </summary>
public sealed class AzurePipelinesHost(IReadOnlyDictionary<string, string?> environment) : CiHost(environment)
{
    public override string Name => "azure-devops";

    public override bool IsDetected => Is("TF_BUILD", "true");

    public override IReadOnlyList<string> TokenVariables { get; } = ["INPUT_TOKEN", "SYSTEM_ACCESSTOKEN", "PIPEWISE_AZURE_DEVOPS_TOKEN"];

    public override IRunHost CreateRunHost(RunHostSettings settings, SecretMasker masker) => AzurePipelinesRunHost.Create(settings, masker);
}
