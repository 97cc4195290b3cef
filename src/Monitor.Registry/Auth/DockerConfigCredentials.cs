using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitor.Registry.Configuration;

namespace Monitor.Registry.Auth;

/// <summary>
/// Credentials from a Docker <c>config.json</c>: <c>auths.&lt;host&gt;.auth</c> (base64 <c>user:password</c>) or
/// <c>username</c>/<c>password</c>. Credential helpers (<c>credsStore</c>, <c>credHelpers</c>) run external
/// programs and are not supported: configure <c>Registries:Hosts</c> instead.
/// </summary>
internal static class DockerConfigCredentials
{
    public static IReadOnlyDictionary<string, RegistryCredential> Load(string path, ILogger logger)
    {
        var credentials = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            logger.LogDebug("No Docker config at {Path}; registries are read anonymously unless configured", path);
            return credentials;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.TryGetProperty("credsStore", out _) || root.TryGetProperty("credHelpers", out _))
            {
                logger.LogInformation("Docker config {Path} names credential helpers, which Monitor does not run; configure Registries:Hosts for those registries", path);
            }

            if (!root.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return credentials;
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object && Read(entry.Value) is { } credential)
                {
                    credentials[RegistryHostNames.Normalise(entry.Name)] = credential;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // The exception type only: a parser message could quote the file's content.
            logger.LogWarning("Ignoring Docker config {Path}: it could not be read ({Error})", path, e.GetType().Name);
        }

        return credentials;
    }

    private static RegistryCredential? Read(JsonElement entry)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]) : null;
        }

        return entry.TryGetProperty("username", out var user) && user.GetString() is { Length: > 0 } username
            && entry.TryGetProperty("password", out var pass) && pass.GetString() is { Length: > 0 } password
                ? new RegistryCredential(username, password)
                : null;
    }
}
