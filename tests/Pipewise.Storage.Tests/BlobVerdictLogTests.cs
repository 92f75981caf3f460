using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Storage.Tests;

[TestClass]
public sealed class BlobVerdictLogTests : VerdictLogContractTests
{
    private static Azurite? azurite;
    private readonly Dictionary<IPipewiseStore, string> containers = [];

    private static Azurite Emulator => azurite ?? throw new InvalidOperationException("Azurite was not started.");

    [ClassInitialize]
    public static async Task StartAzurite(TestContext context)
    {
        _ = context;
        azurite = await Azurite.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAzurite()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    protected override IPipewiseStore CreateStore() => Open("v" + Guid.NewGuid().ToString("N")[..20]);

    protected override IPipewiseStore OpenAgain(IPipewiseStore store) => Open(containers[store]);

    private IPipewiseStore Open(string container)
    {
        var store = StoreFactory.Open($"{Emulator.ConnectionString}Container={container}");
        Assert.IsInstanceOfType<BlobStore>(store);
        containers[store] = container;
        return store;
    }
}
