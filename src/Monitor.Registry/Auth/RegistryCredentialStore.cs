using Microsoft.Extensions.Logging;
using Monitor.Registry.Configuration;

namespace Monitor.Registry.Auth;

/// <summary>Credentials per registry: <c>Registries:Hosts</c> configuration first, then the Docker config file. Anonymous otherwise.</summary>
internal sealed class RegistryCredentialStore
{
    private readonly RegistrySettings settings;
    private readonly Lazy<IReadOnlyDictionary<string, RegistryCredential>> dockerConfig;

    public RegistryCredentialStore(RegistrySettings settings, ILogger<RegistryCredentialStore> logger)
    {
        this.settings = settings;
        dockerConfig = new(() => DockerConfigPath() is { } path
            ? DockerConfigCredentials.Load(path, logger)
            : new Dictionary<string, RegistryCredential>());
    }

    public RegistryCredential? Find(string registry)
    {
        if (settings.Find(registry) is { Username: { Length: > 0 } username, Password: { Length: > 0 } password })
        {
            return new RegistryCredential(username, password);
        }

        return dockerConfig.Value.TryGetValue(RegistryHostNames.Normalise(registry), out var credential) ? credential : null;
    }

    private string? DockerConfigPath()
    {
        var configured = settings.Options.DockerConfigPath;
        if (configured is not null)
        {
            return configured.Length == 0 ? null : ExpandHome(configured);
        }

        var dockerConfigDirectory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        return !string.IsNullOrEmpty(dockerConfigDirectory)
            ? Path.Combine(dockerConfigDirectory, "config.json")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json");
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
