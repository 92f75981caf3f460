using Pipewise.Hosting.Secrets;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class SecretMaskerTests
{
    private const string Token = "ghs_MASKERTEST0123456789";
    private const string AccountKey = "c2VjcmV0a2V5c2VjcmV0a2V5PT0=";
    private const string ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + AccountKey + ";EndpointSuffix=core.windows.net";
    private const string SasUrl = "https://acct.blob.core.windows.net/pipewise?sv=2024-01-01&sig=abc%2Fdef123456";

    [TestMethod]
    public void ForRun_TokenAndStoreSettings_KnowsEverySecretPartTokenFirst()
    {
        var masker = SecretMasker.ForRun(Token, new Dictionary<string, string?> { ["INPUT_STORE"] = ConnectionString, ["PIPEWISE_STORE"] = SasUrl });

        Assert.AreEqual(Token, masker.Secrets[0]);
        foreach (var secret in new[] { ConnectionString, AccountKey, SasUrl, "abc%2Fdef123456", "abc/def123456" })
        {
            CollectionAssert.Contains(masker.Secrets.ToList(), secret);
        }
    }

    [TestMethod]
    [DataRow("/home/runner/work/_temp/pipewise-store")]
    [DataRow("file:///tmp/store")]
    [DataRow("")]
    public void AddStoreSpec_LocalFolder_AddsNothing(string spec)
    {
        var masker = new SecretMasker();
        masker.AddStoreSpec(spec);
        Assert.IsEmpty(masker.Secrets);
    }

    [TestMethod]
    public void AddStoreSpec_UrlWithUserInfo_MasksThePassword()
    {
        var masker = new SecretMasker();
        masker.AddStoreSpec("https://me:hunter2secret@acct.blob.core.windows.net/pipewise");

        Assert.AreEqual("failed for https://***@acct.blob.core.windows.net/pipewise", masker.Mask("failed for https://me:hunter2secret@acct.blob.core.windows.net/pipewise"));
        CollectionAssert.Contains(masker.Secrets.ToList(), "hunter2secret");
    }

    [TestMethod]
    [DataRow("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey:" + AccountKey + ";EndpointSuffix=core.windows.net", AccountKey)]
    [DataRow("AccountName=acct;ACCOUNTKEY : " + AccountKey, AccountKey)]
    [DataRow("accountkey=" + AccountKey + ";Container=BAD_NAME", AccountKey)]
    [DataRow("BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature:sv=2020-01-01&SIG=" + AccountKey, AccountKey)]
    [DataRow("https://acct.blob.core.windows.net/c?sv=2020-01-01&Sig=" + AccountKey, AccountKey)]
    [DataRow("http://user:hunter2PASSWORDsecret@exa mple/c", "hunter2PASSWORDsecret")]
    [DataRow("ftp://user:hunter2PASSWORDsecret@host/x", "hunter2PASSWORDsecret")]
    [DataRow("https://user:hunter2PASSWORDsecret@", "hunter2PASSWORDsecret")]
    public void ForRun_MalformedStoreSpec_RegistersEachCredentialFragmentWithTheRunner(string spec, string fragment)
    {
        var masker = SecretMasker.ForRun(Token, new Dictionary<string, string?> { ["INPUT_STORE"] = spec });
        var registered = new List<string>();

        masker.OnSecret(registered.Add);

        CollectionAssert.Contains(registered, fragment, "a runner that masks whole values only must know the fragment: " + string.Join(" | ", registered));
        Assert.IsFalse(masker.Mask("the SDK said: " + fragment[..12] + " is bad; " + fragment).Contains(fragment, StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("AccountKey:" + AccountKey)]
    [DataRow("accountKEY = " + AccountKey)]
    [DataRow("x;SharedAccessSignature:" + AccountKey)]
    [DataRow("see ftp://me:" + AccountKey + "@host/x")]
    public void Mask_UnknownCredentialShapes_AreReplaced(string text)
    {
        Assert.IsFalse(new SecretMasker().Mask(text).Contains(AccountKey, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Mask_KnownSecretsAndSecretShapes_AreReplaced()
    {
        var masker = SecretMasker.ForRun(Token, new Dictionary<string, string?> { ["INPUT_STORE"] = ConnectionString });

        var text = masker.Mask($"401 with {Token}; key {AccountKey}; other https://x/c?sv=1&sig=UNKNOWNSIG123&se=2");

        Assert.IsFalse(text.Contains(Token, StringComparison.Ordinal));
        Assert.IsFalse(text.Contains(AccountKey, StringComparison.Ordinal));
        Assert.IsFalse(text.Contains("UNKNOWNSIG123", StringComparison.Ordinal), "sig= values are masked even when not known");
        StringAssert.Contains(text, "sig=***");
    }

    [TestMethod]
    public void OnSecret_KnownAndLaterSecrets_AreEachRegisteredOnceInOrder()
    {
        var masker = SecretMasker.ForRun(Token, new Dictionary<string, string?>());
        var registered = new List<string>();

        masker.OnSecret(registered.Add);
        masker.Add("job-token-found-later");
        masker.Add(Token);
        masker.Add("  ");

        CollectionAssert.AreEqual(new[] { Token, "job-token-found-later" }, registered);
    }
}
