using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Registry.Auth;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Units;

public sealed class DockerConfigCredentialsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"monitor-config-{Guid.NewGuid():N}.json");

    [Fact]
    public void Auth_entries_are_decoded_and_keyed_by_normalised_host()
    {
        File.WriteAllText(path, $$"""
            {
              "auths": {
                "https://index.docker.io/v1/": { "auth": "{{Basic("hubuser", "hub:pass")}}" },
                "GHCR.io": { "auth": "{{Basic("octo", "ghp_x")}}" },
                "registry.lan:5000": { "username": "lan", "password": "lanpass" },
                "broken.test": { "auth": "not base64!" },
                "empty.test": {}
              },
              "credsStore": "desktop"
            }
            """);

        var credentials = DockerConfigCredentials.Load(path, NullLogger.Instance);

        Assert.Equal(("hubuser", "hub:pass"), (credentials["docker.io"].Username, credentials["docker.io"].Password));
        Assert.Equal("octo", credentials["ghcr.io"].Username);
        Assert.Equal("lanpass", credentials["registry.lan:5000"].Password);
        Assert.False(credentials.ContainsKey("broken.test"));
        Assert.False(credentials.ContainsKey("empty.test"));
    }

    [Fact]
    public void Missing_file_means_no_credentials() =>
        Assert.Empty(DockerConfigCredentials.Load(path, NullLogger.Instance));

    [Fact]
    public void Malformed_file_is_ignored_without_quoting_it()
    {
        File.WriteAllText(path, "{ \"auths\": { \"x\": { \"auth\": \"c2VjcmV0LXZhbHVl\" ");
        var logs = new CapturingLoggerProvider();

        var credentials = DockerConfigCredentials.Load(path, logs.CreateLogger("test"));

        Assert.Empty(credentials);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("could not be read", line, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LXZhbHVl", line, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(path);

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
