using Monitor.Registry.Configuration;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>Client settings that make a 127.0.0.1 host play a vendor's registry, with test-friendly politeness.</summary>
internal static class VendorSettings
{
    public static Dictionary<string, string?> For(string authority, RegistryKind kind, Uri? apiBase = null, string? apiToken = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Registries:Hosts:vendor:Host"] = authority,
            ["Registries:Hosts:vendor:Kind"] = kind.ToString(),
            ["Registries:RetryBaseDelay"] = "00:00:00.001",
            // Request counts and times are what these tests measure; the polite defaults only slow them.
            ["Registries:RequestsPerSecond"] = "1000",
            ["Registries:MaxConcurrency"] = "16",
            // A 429 fails at once rather than waiting out a pause.
            ["Registries:MaxRetryAfterWait"] = "00:00:00",
        };
        if (apiBase is not null)
        {
            settings["Registries:Hosts:vendor:ApiBaseUrl"] = apiBase.ToString();
        }

        if (apiToken is not null)
        {
            settings["Registries:Hosts:vendor:ApiToken"] = apiToken;
        }

        return settings;
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string value)
    {
        settings[key] = value;
        return settings;
    }
}
