using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pipewise.Testing;

/// <summary>
/// Starts the Azurite blob emulator (npm package <c>azurite</c>, installed by .ci/run into <c>.tools/azurite</c>)
/// on a free loopback port, in an in-memory or temp-folder workspace, and stops it on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // The well-known development key, public by design (Azurite docs); not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string workspace;
    private Process? process;

    private Azurite(int port, string workspace)
    {
        Port = port;
        this.workspace = workspace;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    /// <summary>Finds the azurite-blob launcher, or reports the test inconclusive when it is not installed.</summary>
    public static string? FindLauncher()
    {
        var env = Environment.GetEnvironmentVariable("PIPEWISE_AZURITE");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }

        var local = Path.Combine(SharedFiles.RepoRoot, ".tools", "azurite", "node_modules", ".bin", "azurite-blob");
        if (File.Exists(local))
        {
            return local;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "azurite-blob");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static async Task<Azurite> StartAsync(int? port = null, string? workspace = null)
    {
        var launcher = FindLauncher();
        if (launcher is null)
        {
            Assert.Inconclusive("Azurite is not installed: run .ci/run (or `npm install --prefix .tools/azurite azurite`) first.");
        }

        workspace ??= Directory.CreateTempSubdirectory("pipewise-azurite-").FullName;
        var azurite = new Azurite(port ?? FreePort.Next(), workspace);
        await azurite.LaunchAsync(launcher!).ConfigureAwait(false);
        return azurite;
    }

    /// <summary>Kills the emulator process (simulates an outage); <see cref="RestartAsync"/> brings it back on the same port and data.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public async Task RestartAsync()
    {
        Kill();
        await LaunchAsync(FindLauncher()!).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task LaunchAsync(string launcher)
    {
        var psi = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Name the account and key explicitly, so the emulator and the clients can never disagree.
        psi.Environment["AZURITE_ACCOUNTS"] = $"{AccountName}:{AccountKey}";
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", workspace, "--skipApiVersionCheck", "--silent", "--loose" })
        {
            psi.ArgumentList.Add(arg);
        }

        process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{Port} within 30 s.");
    }
}
