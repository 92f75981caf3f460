using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipewise.Core.Storage;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed class PageAccessTests
{
    private const string Token = "dash-token-5f1c";

    [TestMethod]
    [DataRow("http://127.0.0.1:8080", true)]
    [DataRow("http://[::1]:8080", true)]
    [DataRow("http://localhost:8080", true)]
    [DataRow("http://0.0.0.0:8080", false)]
    [DataRow("http://[::]:8080", false)]
    [DataRow("http://*:8080", false)]
    [DataRow("http://+:8080", false)]
    [DataRow("http://10.1.2.3:8080", false)]
    [DataRow("http://gate.example.com:8080", false)]
    public void IsLoopback_BoundAddress_TellsLoopbackFromBeyond(string address, bool expected) =>
        Assert.AreEqual(expected, PageAccess.IsLoopback(address));

    [TestMethod]
    public void Check_BoundBeyondLoopbackWithoutToken_IsClosed()
    {
        var access = new PageAccess(new GateServiceOptions());
        Assert.AreEqual(PageAccess.Decision.Closed, access.Check(Context("http://127.0.0.1:8080", "http://0.0.0.0:8081")));
        Assert.AreEqual(PageAccess.Decision.Allowed, new PageAccess(new GateServiceOptions()).Check(Context("http://127.0.0.1:8080")));
        Assert.AreEqual(PageAccess.Decision.Off, new PageAccess(new GateServiceOptions { DashboardEnabled = false }).Check(Context("http://127.0.0.1:8080")));
    }

    [TestMethod]
    public async Task Dashboard_WithToken_NeedsItOnDashboardAndMetricsButNotOnHealth()
    {
        await using var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = new InMemoryStore() },
            GateServiceOptions.FromEnvironment(n => n == GateServiceOptions.DashboardTokenVariable ? Token : null),
            "http://127.0.0.1:0");
        using var http = new HttpClient();
        foreach (var path in new[] { "dashboard", "metrics", "dashboard/pipeline?key=a/b/c/d" })
        {
            using var anonymous = await http.GetAsync(new Uri(host.BaseUrl, path));
            Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode, path);
            Assert.AreEqual("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain(Token, await anonymous.Content.ReadAsStringAsync());

            using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, path));
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode, path);
        }

        using var basic = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "dashboard"));
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + Token)));
        Assert.AreEqual(HttpStatusCode.OK, (await http.SendAsync(basic)).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "metrics"));
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.AreEqual(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync(new Uri(host.BaseUrl, "healthz"))).StatusCode, "health stays open for probes");
    }

    private static DefaultHttpContext Context(params string[] addresses)
    {
        var server = new AddressServer(addresses);
        return new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<IServer>(server).BuildServiceProvider() };
    }

    private sealed class AddressServer : IServer
    {
        public AddressServer(string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var a in addresses)
            {
                feature.Addresses.Add(a);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
