using System.Net.Sockets;
using Monitor.Dashboards.Tests.EndToEnd;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

/// <summary>The PrometheusServer harness runs the real binary, answers parsed queries, and cleans up.</summary>
[Collection(nameof(SyntheticFleetDefinition))]
public sealed class PrometheusServerTests(SyntheticFleetPrometheus fleet)
{
    [Fact]
    public async Task Query_returns_the_scraped_sample_with_its_labels()
    {
        var result = await fleet.Server.QueryAsync("monitor_registry_ratelimit_remaining{server_address=\"registry-1.docker.io\"}", TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("vector", result.ResultType);
        var sample = Assert.Single(result.Samples);
        Assert.Equal(5, sample.Value);
        Assert.Equal("monitor", sample.Labels["job"]);
        Assert.Equal(fleet.Endpoint.Target, sample.Labels["instance"]);
    }

    [Fact]
    public async Task Counters_grow_between_scrapes_so_rate_is_positive()
    {
        var result = await fleet.Server.QueryAsync("sum(rate(monitor_poll_checks_total{group=\"base\"}[1m]))", TestContext.Current.CancellationToken);

        Assert.True(Assert.Single(result.Samples).Value > 0, result.ToString());
        Assert.True(fleet.Endpoint.Scrapes >= 4);
    }

    [Fact]
    public async Task Range_vectors_and_scalars_are_parsed()
    {
        var matrix = await fleet.Server.QueryAsync("monitor_poll_checks_total{group=\"base\"}[1m]", TestContext.Current.CancellationToken);
        var scalar = await fleet.Server.QueryAsync("scalar(monitor_tag_series_capped)", TestContext.Current.CancellationToken);

        Assert.Equal("matrix", matrix.ResultType);
        Assert.True(Assert.Single(matrix.Samples).Value > 0);
        Assert.Equal("scalar", scalar.ResultType);
        Assert.Equal(0, Assert.Single(scalar.Samples).Value);
    }

    [Theory]
    [InlineData("sum(")]
    [InlineData("rate(monitor_poll_checks_total)")]
    [InlineData("monitor_poll_checks_total{group=\"base\"")]
    public async Task Invalid_PromQL_comes_back_as_an_error_result(string promql)
    {
        var result = await fleet.Server.QueryAsync(promql, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal("bad_data", result.ErrorType);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Dispose_stops_the_process_and_deletes_its_storage()
    {
        var server = await PrometheusServer.StartAsync(SyntheticFleetPrometheus.Config(fleet.Endpoint.Target, []), cancellationToken: TestContext.Current.CancellationToken);
        var directory = server.ConfigDirectory;
        var port = server.Address.Port;
        Assert.True(Directory.Exists(directory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory), $"{directory} was left behind.");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task A_broken_configuration_fails_start_with_prometheus_own_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PrometheusServer.StartAsync("scrape_configs: [ { job_name: 1, nonsense: true } ]", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("prometheus exited", error.Message, StringComparison.Ordinal);
        Assert.Contains("nonsense", error.Message, StringComparison.Ordinal);
    }
}
