using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipewise.Core.Gate;
using Pipewise.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>Two gate-service instances on one store (as two replicas or a restart): replays are refused by both.</summary>
public sealed partial class GateServiceEndToEndTests
{
    [TestMethod]
    public async Task GitHubWebhook_TwoInstancesOnOneStore_ReplayRefusedByTheOtherAndAReRunReviewed()
    {
        var folder = Directory.CreateTempSubdirectory("pipewise-replicas-").FullName;
        try
        {
            await using var github = await ReplayServer.StartAsync();
            github.Map("POST", "/repos/{owner}/{repo}/actions/runs/{id}/deployment_protection_rule", new ReplayResponse(204));
            var seed = new LocalFolderStore(folder);
            await Runs.SeedAsync(seed, GitHub, 5);
            var options = Options(new GatePolicyOptions(), github.BaseUrl);
            await using var first = await StartAsync(new LocalFolderStore(folder), new FakeForecaster(0.1), options);
            await using var second = await StartAsync(new LocalFolderStore(folder), new FakeForecaster(0.1), options);
            var attempt1 = Encoding.UTF8.GetBytes(WithDeployment(ProtectionRulePayload(1005), 7001));
            var attempt2 = Encoding.UTF8.GetBytes(WithDeployment(ProtectionRulePayload(1005), 7002));

            var answered = await PostWebhookAsync(first, attempt1, WebhookSignature.Sign(attempt1, WebhookSecret), "delivery-a");
            var sameDelivery = await PostWebhookAsync(second, attempt1, WebhookSignature.Sign(attempt1, WebhookSecret), "delivery-a");
            var sameDeployment = await PostWebhookAsync(second, attempt1, WebhookSignature.Sign(attempt1, WebhookSecret), "delivery-b");
            var reRun = await PostWebhookAsync(second, attempt2, WebhookSignature.Sign(attempt2, WebhookSecret), "delivery-c");

            Assert.AreEqual(HttpStatusCode.OK, answered.Status, answered.Body);
            Assert.AreEqual(HttpStatusCode.Conflict, sameDelivery.Status, "a delivery answered by one instance is a replay for the other");
            StringAssert.Contains(sameDelivery.Body, "already processed");
            Assert.AreEqual(HttpStatusCode.Conflict, sameDeployment.Status, "the same deployment is reviewed once");
            StringAssert.Contains(sameDeployment.Body, "already reviewed");
            Assert.AreEqual(HttpStatusCode.OK, reRun.Status, "a re-run attempt's deployment is reviewed: " + reRun.Body);
            Assert.HasCount(2, github.Requests, "one review per deployment, across both instances");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string WithDeployment(string payload, long deploymentId)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        json["deployment"] = new JsonObject { ["id"] = deploymentId, ["environment"] = "production" };
        return json.ToJsonString();
    }
}
