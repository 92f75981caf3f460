using System.Runtime.InteropServices;

namespace Pipewise.Storage;

/// <summary>
/// Puts a finished temp file at a name only if the name is free, atomically: <c>link(2)</c> on Unix (it fails with
/// EEXIST when the name is taken, whoever races for it), <c>MoveFileEx</c> without replace on Windows. File.Move without
/// overwrite is not enough on Unix: where the kernel or file system lacks a no-replace rename it checks, then renames.
/// </summary>
internal static partial class AtomicCreate
{
    private const int EEXIST = 17; // Linux and macOS alike

    /// <returns>False when <paramref name="target"/> already exists (it is left as it was).</returns>
    public static bool TryPlace(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(temp, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }

        if (link(temp, target) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EEXIST
            ? false
            : throw new IOException($"Could not create '{target}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
