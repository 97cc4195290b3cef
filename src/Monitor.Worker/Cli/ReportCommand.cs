using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Monitor.Worker.Cadence;
using Spectre.Console;

namespace Monitor.Worker.Cli;

/// <summary><c>monitor report</c>: the fleet's cadence as a table, stalest first (or JSON for scripts).</summary>
public static class ReportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(VerbHost verbs)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var registry = new Option<string?>("--registry") { Description = "Only tags of this registry (e.g. docker.io)." };
        var repository = new Option<string?>("--repository") { Description = "Only tags of this repository (e.g. library/python)." };
        var command = new Command("report", "Rebuild cadence and staleness of every watched tag, stalest first.") { json, registry, repository };
        command.SetAction((parse, cancellationToken) => verbs.RunAsync(async (services, ct) =>
        {
            var snapshot = services.GetRequiredService<CadenceSnapshot>();
            await snapshot.RefreshAsync(ct);
            var views = Stalest(snapshot.Views(services.GetRequiredService<TimeProvider>().GetUtcNow())
                .Where(v => parse.GetValue(registry) is not { } r || v.Registry == r)
                .Where(v => parse.GetValue(repository) is not { } p || v.Repository == p)).ToList();
            if (parse.GetValue(json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(views, Json));
            }
            else
            {
                AnsiConsole.Write(Table(views));
            }

            return MonitorCommandLine.Success;
        }, cancellationToken));
        return command;
    }

    public static IEnumerable<TagCadenceView> Stalest(IEnumerable<TagCadenceView> views) =>
        views.OrderBy(v => Rank(v.Status)).ThenByDescending(v => v.AgeSeconds ?? -1).ThenBy(v => v.Reference, StringComparer.Ordinal);

    private static int Rank(string status) => status switch
    {
        "missing" => 0,
        "stale" => 1,
        "due" => 2,
        "fresh" => 3,
        _ => 4,
    };

    private static Table Table(List<TagCadenceView> views)
    {
        var table = new Table().AddColumns("tag", "status", "last rebuild", "age", "median interval", "p90", "rebuilds 30 d", "next due");
        foreach (var view in views)
        {
            table.AddRow(
                Markup.Escape(view.Reference),
                Colour(view.Status),
                view.LastRebuildAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                Duration(view.AgeSeconds),
                Duration(view.MedianIntervalSeconds),
                Duration(view.P90IntervalSeconds),
                view.Rebuilds30d.ToString(CultureInfo.InvariantCulture),
                view.NextRebuildExpectedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-");
        }

        table.Caption = new TableTitle($"{views.Count} tag(s); unknown = fewer than two rebuilds seen");
        return table;
    }

    private static string Colour(string status) => status switch
    {
        "stale" or "missing" => $"[red]{status}[/]",
        "due" => $"[yellow]{status}[/]",
        "fresh" => $"[green]{status}[/]",
        _ => status,
    };

    /// <summary>3d 4h, 5h 12m, 40m: coarse, like a person reads ages.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var span = TimeSpan.FromSeconds(s);
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : $"{(int)span.TotalMinutes}m";
    }
}
