using System.Runtime.InteropServices;

namespace Pipewise.Cli;

/// <summary>
/// How a command that loaded ONNX Runtime ends. At a normal exit ONNX Runtime's native static destructors free its
/// operator-schema registry one allocation at a time, about 8 ms (7%) of a cold <c>pipewise run</c> (bench/process).
/// Everything of ours is written by then (files are closed when the command returns; the console writers flush on
/// every write), so on Linux and macOS the process flushes the console and ends with <c>_exit(2)</c>, which skips the
/// C library's exit handlers. On Windows it returns normally.
/// </summary>
internal static class ProcessEnd
{
    public static void SkipNativeTeardown(int exitCode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Console.Out.Flush();
        Console.Error.Flush();
        _exit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void _exit(int status);
}
