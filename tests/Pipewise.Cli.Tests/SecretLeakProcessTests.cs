using Pipewise.Core.Runs;

namespace Pipewise.Cli.Tests;

/// <summary>
/// Malformed and valid store specs carrying a credential, fed to the real binary: the credential appears on no
/// output channel (stdout, stderr). That each fragment is registered with the runner (add-mask) is SecretMaskerTests'.
/// </summary>
[TestClass]
public sealed class SecretLeakProcessTests
{
    private const string Key = "SEKRETkey0123456789abcdefXYZ+/w==";
    private const string Password = "hunter2PASSWORDsecret";

    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-secrets-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    public static IEnumerable<object[]> Specs() =>
    [
        [$"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey:{Key};EndpointSuffix=core.windows.net", Key],
        [$"DefaultEndpointsProtocol=https;AccountName=acct;accountkey={Key};Container=BAD_NAME", Key],
        [$"AccountName=acct;ACCOUNTKEY : {Key}", Key],
        [$"AccountKey:{Key}", Key],
        [$"BlobEndpoint=http://127.0.0.1:1/acct;SharedAccessSignature:sv=2020-01-01&SIG={Key}", Key],
        [$"sharedaccesssignature={Key};Container=pipewise", Key],
        [$"https://acct.blob.core.windows.net/c?sv=2020-01-01&Sig={Key}", Key],
        [$"https://user:{Password}@127.0.0.1:1/c", Password],
        [$"http://user:{Password}@exa mple/c", Password],
        [$"ftp://user:{Password}@host/x", Password],
        [$"https://user:{Password}@", Password],
    ];

    [TestMethod]
    [DynamicData(nameof(Specs))]
    public async Task RunsList_CredentialInAnyStoreSpec_NeverPrinted(string spec, string secret)
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "runs", "--list", "--store", spec);

        AssertNoSecret(result, secret);
    }

    [TestMethod]
    [DynamicData(nameof(Specs))]
    public async Task RunLocal_CredentialInAnyStoreSpec_NeverPrinted(string spec, string secret)
    {
        var result = await PipewiseProcess.RunAsync(dir, null, "run", "--host", "local", "--store", spec, "--run-file", WriteRunFile());

        AssertNoSecret(result, secret);
    }

    private static void AssertNoSecret(PipewiseProcess.Result result, string secret)
    {
        var all = result.Stdout + "\n" + result.Stderr;
        Assert.IsFalse(all.Contains(secret, StringComparison.Ordinal), "the secret leaked: " + all);
        Assert.IsFalse(all.Contains(secret[..12], StringComparison.Ordinal), "a fragment of the secret leaked: " + all);
        Assert.IsFalse(all.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), "the escaped secret leaked: " + all);
    }

    private string WriteRunFile()
    {
        var path = Path.Combine(dir, "run.json");
        if (!File.Exists(path))
        {
            var run = new RunRecord
            {
                Provider = "github", Organization = "octo", Repository = "app", PipelineId = "ci.yml", RunId = "77",
                StartedAt = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                FinishedAt = DateTimeOffset.Parse("2026-01-01T10:04:00Z", System.Globalization.CultureInfo.InvariantCulture),
                Result = RunResult.Succeeded,
            };
            File.WriteAllBytes(path, RunRecordJson.Serialize(run));
        }

        return path;
    }
}
