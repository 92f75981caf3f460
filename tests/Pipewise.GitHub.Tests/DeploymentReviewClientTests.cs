using System.Text;
using Pipewise.GitHub.Deployments;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class DeploymentReviewClientTests
{
    [TestMethod]
    public void CreateAppJwt_SignsWithTheAppKey_RS256()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var jwt = DeploymentReviewClient.CreateAppJwt("12345", rsa.ExportRSAPrivateKeyPem(), new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var parts = jwt.Split('.');

        Assert.HasCount(3, parts);
        static byte[] B64(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (s.Length % 4)) % 4));
        var payload = Encoding.UTF8.GetString(B64(parts[1]));
        StringAssert.Contains(payload, "\"iss\":\"12345\"");
        Assert.IsTrue(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), B64(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
    }
}
