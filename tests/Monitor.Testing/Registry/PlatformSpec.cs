namespace Monitor.Testing.Registry;

/// <summary>The platform of a test image: <c>linux/amd64</c>, <c>linux/arm/v7</c>.</summary>
public sealed record PlatformSpec(string Os, string Architecture, string? Variant = null)
{
    public static PlatformSpec LinuxAmd64 { get; } = new("linux", "amd64");

    public static PlatformSpec LinuxArm64 { get; } = new("linux", "arm64", "v8");

    public static PlatformSpec LinuxArmV7 { get; } = new("linux", "arm", "v7");

    public static PlatformSpec LinuxS390x { get; } = new("linux", "s390x");

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
