using System.CommandLine;
using System.Text.Json;
using Monitor.Testing.Registry;
using Monitor.Worker.Cli;

namespace Monitor.Worker.Tests.Cli;

public sealed class ResolveCommandTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("docker/Docker", "repository name (docker/Docker) must be lowercase")]
    [InlineData("python:-bad", "tag (-bad) is invalid")]
    [InlineData("python@sha256:abc", "digest (sha256:abc) is invalid")]
    public async Task Bad_reference_exits_2_with_the_parser_message(string reference, string message)
    {
        var (exit, output, error) = await RunAsync(reference);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Image_on_a_real_registry_exits_0_and_prints_digest_and_platforms()
    {
        var pushed = await registry.Server.Pusher.PushIndexAsync("cli/app", "1.0", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64],
            withAttestation: true, cancellationToken: Cancel);

        var (exit, output, error) = await RunAsync($"{registry.Server.Registry}/cli/app:1.0");

        Assert.True(exit == 0, error);
        Assert.Contains($"Reference:  {registry.Server.Registry}/cli/app:1.0", output, StringComparison.Ordinal);
        Assert.Contains($"Digest:     {pushed.Digest}", output, StringComparison.Ordinal);
        Assert.Contains("Media type: application/vnd.oci.image.index.v1+json", output, StringComparison.Ordinal);
        Assert.Contains($"linux/amd64     {pushed.Children[0].Digest}", output, StringComparison.Ordinal);
        Assert.Contains($"linux/arm64/v8  {pushed.Children[1].Digest}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_option_prints_a_machine_readable_result()
    {
        var pushed = await registry.Server.Pusher.PushImageAsync("cli/single", "2", PlatformSpec.LinuxArmV7, cancellationToken: Cancel);

        var (exit, output, _) = await RunAsync($"{registry.Server.Registry}/cli/single:2", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(pushed.Digest.Value, root.GetProperty("digest").GetString());
        Assert.Equal("cli/single", root.GetProperty("repository").GetString());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", root.GetProperty("mediaType").GetString());
        var platform = Assert.Single(root.GetProperty("platforms").EnumerateArray().ToList());
        Assert.Equal("arm", platform.GetProperty("architecture").GetString());
        Assert.Equal("v7", platform.GetProperty("variant").GetString());
    }

    [Fact]
    public async Task Missing_tag_exits_1_saying_so()
    {
        var (exit, _, error) = await RunAsync($"{registry.Server.Registry}/cli/none:404");

        Assert.Equal(1, exit);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_registry_exits_1_with_the_reason()
    {
        // A loopback port nobody listens on: connection refused, fast, and never off this machine.
        var (exit, _, error) = await RunAsync($"127.0.0.1:{Monitor.Testing.FreePort.Next()}/cli/app:1");

        Assert.Equal(1, exit);
        Assert.Contains("could not reach", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parsed = ResolveCommand.Create(new VerbHost([])).Parse(args);
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Cancel);
        return (exit, output.ToString(), error.ToString());
    }
}
