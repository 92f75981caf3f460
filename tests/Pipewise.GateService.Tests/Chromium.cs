using System.Diagnostics;

namespace Pipewise.GateService.Tests;

/// <summary>Drives Debian's headless Chromium (/usr/bin/chromium); tests are inconclusive when it is not installed.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static void RequireInstalled()
    {
        if (!File.Exists(Path))
        {
            Assert.Inconclusive($"{Path} is not installed, so the page cannot be rendered in a real browser. Install it with 'apt-get install -y chromium' (Debian package 'chromium').");
        }
    }

    public static Task<string> DumpDomAsync(string url) => RunAsync(["--dump-dom", url]);

    public static async Task ScreenshotAsync(string url, string file)
    {
        await RunAsync([$"--screenshot={file}", "--window-size=1280,2000", url]);
        Assert.IsTrue(File.Exists(file) && new FileInfo(file).Length > 1000, $"Chromium wrote no screenshot to {file}");
    }

    private static async Task<string> RunAsync(IEnumerable<string> extra)
    {
        var profile = Directory.CreateTempSubdirectory("pipewise-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}" }.Concat(extra))
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("Chromium did not finish within 90 s.");
            }

            var output = await stdout;
            Assert.AreEqual(0, process.ExitCode, $"Chromium failed: {await stderr}");
            return output;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; the temp folder is cleaned later.
            }
        }
    }
}
