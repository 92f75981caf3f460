using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.Core.Tests;

/// <summary>The in-memory store (simulator, tests above the store) held to the same contract as the persistent ones.</summary>
[TestClass]
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override Task<IPipewiseStore> CreateStoreAsync() => Task.FromResult<IPipewiseStore>(new InMemoryStore());

    protected override Task WriteRawAsync(IPipewiseStore store, string key, byte[] content)
    {
        ((InMemoryStore)store).WriteRaw(key, content);
        return Task.CompletedTask;
    }
}
