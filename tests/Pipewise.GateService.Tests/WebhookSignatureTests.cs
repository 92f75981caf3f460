using System.Text;
using System.Text.Json;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed class WebhookSignatureTests
{
    private static (string Secret, byte[] Payload, string Header) Vector()
    {
        var path = SharedFiles.Require("fixtures/github/webhooks/signature-test-vector.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        return (root.GetProperty("secret").GetString()!, Encoding.UTF8.GetBytes(root.GetProperty("payload").GetString()!), root.GetProperty("X-Hub-Signature-256").GetString()!);
    }

    [TestMethod]
    public void Verify_GitHubTestVector_Succeeds()
    {
        var (secret, payload, header) = Vector();

        Assert.IsTrue(WebhookSignature.Verify(payload, header, secret));
        Assert.AreEqual(header, WebhookSignature.Sign(payload, secret));
    }

    [TestMethod]
    public void Verify_ChangedByte_Fails()
    {
        var (secret, payload, header) = Vector();
        payload[0] ^= 0x01;

        Assert.IsFalse(WebhookSignature.Verify(payload, header, secret));
    }

    [TestMethod]
    public void Verify_MissingOrMalformedHeader_Fails()
    {
        var (secret, payload, header) = Vector();

        Assert.IsFalse(WebhookSignature.Verify(payload, null, secret));
        Assert.IsFalse(WebhookSignature.Verify(payload, string.Empty, secret));
        Assert.IsFalse(WebhookSignature.Verify(payload, header[7..], secret), "the sha256= prefix is required");
        Assert.IsFalse(WebhookSignature.Verify(payload, "sha256=zz" + header[9..], secret), "non-hex must not verify");
        Assert.IsFalse(WebhookSignature.Verify(payload, header + "00", secret), "wrong length must not verify");
    }

    [TestMethod]
    public void Verify_SignatureForAnotherSecret_Fails()
    {
        var (secret, payload, _) = Vector();

        Assert.IsFalse(WebhookSignature.Verify(payload, WebhookSignature.Sign(payload, "another secret"), secret));
        Assert.IsFalse(WebhookSignature.Verify(payload, WebhookSignature.Sign(payload, secret), null), "no configured secret verifies nothing");
    }

    [TestMethod]
    public void SecretEquals_DifferentLengthsAndValues_ComparesExactly()
    {
        Assert.IsTrue(WebhookSignature.SecretEquals("k3y", "k3y"));
        Assert.IsFalse(WebhookSignature.SecretEquals("k3y", "k3y!"));
        Assert.IsFalse(WebhookSignature.SecretEquals(string.Empty, string.Empty));
        Assert.IsFalse(WebhookSignature.SecretEquals(null, "k3y"));
    }
}
