using Pipewise.Core.Storage;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class StoreFactoryTests
{
    private const string Key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWsxMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcA==";
    private const string Sig = "SeCrEtSiGnAtUrE%2Bvalue%3D";

    [TestMethod]
    public void Open_ConnectionString_SelectsBlobStoreWithContainerPart()
    {
        var store = StoreFactory.Open($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net;Container=runs-prod");

        Assert.IsInstanceOfType<BlobStore>(store);
        StringAssert.Contains(store.Description, "'runs-prod'");
        StringAssert.Contains(store.Description, "acct.blob.core.windows.net");
        Assert.DoesNotContain(Key, store.Description);
    }

    [TestMethod]
    public void Open_ConnectionStringWithoutContainer_UsesDefaultContainer()
    {
        var store = StoreFactory.Open("UseDevelopmentStorage=true");
        StringAssert.Contains(store.Description, $"'{StoreFactory.DefaultContainer}'");
    }

    [TestMethod]
    public void Open_SasUrl_SelectsBlobStoreAndHidesQuery()
    {
        var store = StoreFactory.Open($"https://acct.blob.core.windows.net/pipewise?sv=2024-08-04&sr=c&sp=racwdl&se=2030-01-01&sig={Sig}");
        Assert.IsInstanceOfType<BlobStore>(store);
        StringAssert.Contains(store.Description, "(SAS)");
        Assert.DoesNotContain("SeCrEt", store.Description);
    }

    [TestMethod]
    public void Open_HttpsUrlWithoutSas_UsesAzureIdentity()
    {
        var store = StoreFactory.Open("https://acct.blob.core.windows.net/pipewise");
        StringAssert.Contains(store.Description, "Azure identity");
    }

    [TestMethod]
    [DataRow("https://acct.blob.core.windows.net/?sv=2024&sig=" + Sig, "exactly one container")]
    [DataRow("https://acct.blob.core.windows.net/pipewise/extra/path?sig=" + Sig, "exactly one container")]
    [DataRow("https://acct.blob.core.windows.net/Bad_Name?sig=" + Sig, "Container name")]
    [DataRow("http://example.com/pipewise?sig=" + Sig, "plain http")]
    [DataRow("https://acct.blob.core.windows.net/pipewise?sv=2024&st=" + Sig, "no SAS signature")]
    [DataRow("https://user:" + Sig + "@acct.blob.core.windows.net/pipewise", "user name or password")]
    [DataRow("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + Key + ";Container=Bad_Name", "Container=")]
    [DataRow("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + Key + ";oops", "Key=Value")]
    [DataRow("AccountName=acct;AccountKey=" + Key + ";BlobEndpoint=::not a url::", "connection string")]
    [DataRow("DefaultEndpointsProtocol=https;SharedAccessSignature=sv=1&sig=" + Sig, "connection string")]
    [DataRow("s3://bucket/" + Sig, "unsupported scheme")]
    public void Open_BadSpec_ClearErrorWithoutSecrets(string spec, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => StoreFactory.Open(spec));

        StringAssert.Contains(ex.Message, expected);
        var all = ex.ToString();
        Assert.DoesNotContain(Key, all);
        Assert.DoesNotContain("SeCrEt", all);
        Assert.DoesNotContain(Uri.UnescapeDataString(Sig), all);
    }

    [TestMethod]
    public void DescribeSpec_MasksSecrets()
    {
        Assert.DoesNotContain(Key, StoreFactory.DescribeSpec($"AccountName=a;AccountKey={Key}"));
        Assert.DoesNotContain("SeCrEt", StoreFactory.DescribeSpec($"https://a.blob.core.windows.net/c?sig={Sig}"));
        Assert.AreEqual(StoreFactory.DefaultSpec, StoreFactory.DescribeSpec(null));
    }

    [TestMethod]
    public void Redact_MasksKnownSecretParts()
    {
        var text = Secrets.Redact($"AccountName=a;AccountKey={Key};x https://h/c?sv=1&sig={Sig}&se=2");
        Assert.DoesNotContain(Key, text);
        Assert.DoesNotContain("SeCrEt", text);
        StringAssert.Contains(text, "AccountName=a");
    }

    [TestMethod]
    public void IsTransient_ClassifiesFaults()
    {
        Assert.IsTrue(BlobStore.IsTransient(new Azure.RequestFailedException(503, "busy")));
        Assert.IsTrue(BlobStore.IsTransient(new Azure.RequestFailedException(429, "throttled")));
        Assert.IsTrue(BlobStore.IsTransient(new Azure.RequestFailedException(0, "no response")));
        Assert.IsTrue(BlobStore.IsTransient(new HttpRequestException("refused")));
        Assert.IsTrue(BlobStore.IsTransient(new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:10.")));
        Assert.IsFalse(BlobStore.IsTransient(new Azure.RequestFailedException(403, "denied")));
        Assert.IsFalse(BlobStore.IsTransient(new Azure.RequestFailedException(412, "condition")));
        Assert.IsFalse(BlobStore.IsTransient(new DocumentConflictException("x")));
    }
}
