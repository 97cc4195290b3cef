using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Monitor.Core;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using Monitor.Data.Watches;
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
            var tags = snapshot.Read(services.GetRequiredService<TimeProvider>().GetUtcNow())
                .Where(t => parse.GetValue(registry) is not { } r || t.Tag.Reference.Registry == r)
                .Where(t => parse.GetValue(repository) is not { } p || t.Tag.Reference.Repository == p);
            var stalestFirst = StalestFirst.Order(tags, t => t.Reading, t => t.Tag.Reference.Canonical).ToList();
            if (parse.GetValue(json))
            {
                var views = stalestFirst.Select(t => TagCadenceView.From(t.Tag, t.Reading));
                await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(views, Json));
            }
            else
            {
                Console(parse.InvocationConfiguration.Output).Write(Table(stalestFirst));
            }

            return MonitorCommandLine.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The table wraps to the width of a terminal; written to a file or a pipe it keeps every name whole (Spectre would
    /// otherwise assume 80 columns and break names across lines), without colour codes.
    /// </summary>
    private static IAnsiConsole Console(TextWriter output)
    {
        var toTerminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = toTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = toTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!toTerminal)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }

    private const int UnwrappedWidth = 4096;

    private static Table Table(List<(WatchedTagRow Tag, TagCadenceReading Reading)> tags)
    {
        var table = new Table().AddColumns("tag", "status", "last rebuild", "age", "median interval", "p90", "rebuilds 30 d", "next due");
        foreach (var (tag, reading) in tags)
        {
            table.AddRow(
                Markup.Escape(tag.Reference.Canonical),
                Colour(reading.Status),
                reading.LastRebuildAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                Duration(reading.Age),
                Duration(reading.Intervals?.Median),
                Duration(reading.Intervals?.P90),
                reading.Recent.Last30Days.ToString(CultureInfo.InvariantCulture),
                reading.NextRebuildDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-");
        }

        table.Caption = new TableTitle($"{tags.Count} tag(s); unknown = no digest seen yet");
        return table;
    }

    private static string Colour(StalenessStatus status) => (status, WireNames.StalenessStatuses.Name(status)) switch
    {
        (StalenessStatus.Stale or StalenessStatus.Missing, var name) => $"[red]{name}[/]",
        (StalenessStatus.Due, var name) => $"[yellow]{name}[/]",
        (StalenessStatus.Fresh, var name) => $"[green]{name}[/]",
        (_, var name) => name,
    };

    /// <summary>3d 4h, 5h 12m, 40m: coarse, like a person reads ages.</summary>
    public static string Duration(TimeSpan? age)
    {
        if (age is not { } span)
        {
            return "-";
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : $"{(int)span.TotalMinutes}m";
    }
}
