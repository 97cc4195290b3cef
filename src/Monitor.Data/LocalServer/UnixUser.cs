using System.Runtime.InteropServices;

namespace Monitor.Data.LocalServer;

internal static partial class UnixUser
{
    public static bool IsRoot => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? GetEffectiveUserId() == 0 : false;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
