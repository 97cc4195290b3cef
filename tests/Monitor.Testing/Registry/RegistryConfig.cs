using System.Globalization;

namespace Monitor.Testing.Registry;

/// <summary>Writes the distribution <c>config.yml</c> for a test registry.</summary>
internal static class RegistryConfig
{
    public static string Yaml(string listenAddress, string storageDirectory, RegistryAuthMode auth, string? htpasswdPath, TokenIssuer? issuer, string? certificateBundlePath)
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: '{storageDirectory}'
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: '{listenAddress}'
              secret: '{Guid.NewGuid():N}'

            """);
        return auth switch
        {
            RegistryAuthMode.Basic => yaml + $"""
                auth:
                  htpasswd:
                    realm: monitor-test
                    path: '{htpasswdPath}'

                """,
            RegistryAuthMode.Token => yaml + $"""
                auth:
                  token:
                    realm: '{issuer!.Realm}'
                    service: '{issuer.Service}'
                    issuer: '{TokenIssuer.IssuerName}'
                    rootcertbundle: '{certificateBundlePath}'

                """,
            _ => yaml,
        };
    }
}
