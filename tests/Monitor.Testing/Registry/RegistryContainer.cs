using System.Text;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Monitor.Testing.Registry;

/// <summary>The <c>registry:2</c> image through Testcontainers, published on 127.0.0.1 only.</summary>
internal static class RegistryContainer
{
    public const string Image = "registry:2";
    private const ushort ContainerPort = 5000;
    private const string HtpasswdPath = "/etc/docker/registry/htpasswd";
    private const string BundlePath = "/etc/docker/registry/token-issuer.pem";

    public static async Task<(IContainer Container, string Registry)> StartAsync(RegistryAuthMode auth, string? htpasswdLine, TokenIssuer? issuer, CancellationToken cancellationToken)
    {
        var config = RegistryConfig.Yaml($":{ContainerPort}", "/var/lib/registry", auth, HtpasswdPath, issuer, BundlePath);
        var builder = new ContainerBuilder(Image)
            .WithPortBinding(ContainerPort, assignRandomHostPort: true)
            .WithCreateParameterModifier(parameters =>
            {
                // Testcontainers publishes on every interface; the harness only ever listens on loopback.
                parameters.HostConfig ??= new HostConfig();
                parameters.HostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    [$"{ContainerPort}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }],
                };
            })
            .WithResourceMapping(Encoding.UTF8.GetBytes(config), "/etc/docker/registry/config.yml")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
                .ForPath("/v2/")
                .ForPort(ContainerPort)
                .ForStatusCodeMatching(status => status is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized)));
        if (htpasswdLine is not null)
        {
            builder = builder.WithResourceMapping(Encoding.UTF8.GetBytes(htpasswdLine + "\n"), HtpasswdPath);
        }

        if (issuer is not null)
        {
            builder = builder.WithResourceMapping(Encoding.UTF8.GetBytes(issuer.CertificatePem), BundlePath);
        }

        var container = builder.Build();
        await container.StartAsync(cancellationToken);
        return (container, $"127.0.0.1:{container.GetMappedPublicPort(ContainerPort)}");
    }
}
