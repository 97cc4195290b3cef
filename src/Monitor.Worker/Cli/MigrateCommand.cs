using System.CommandLine;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Monitor.Data;
using Monitor.Migrations;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Cli;

/// <summary>Applies the migrations and exits (the one-shot migrator), or writes the idempotent SQL script for DBAs.</summary>
public static class MigrateCommand
{
    public static Command Create(VerbHost verbs)
    {
        var script = new Option<FileInfo?>("--script") { Description = "Write the idempotent SQL script to this file instead of touching a database." };
        var command = new Command("migrate", "Apply database migrations (including Quartz's tables) and exit.") { script };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(script);
            return target is not null
                ? await WriteScriptAsync(target, cancellationToken)
                : await verbs.RunAsync(VerbNeeds.Database, async (services, ct) =>
                {
                    var database = services.GetRequiredService<DatabaseConnection>();
                    var applied = await DatabaseMigrator.MigrateAsync(database.ConnectionString, services.GetRequiredService<ILogger<DatabaseConnection>>(), ct);
                    await Console.Out.WriteLineAsync(applied.Count == 0
                        ? "database is up to date"
                        : $"applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                    return MonitorCommandLine.Success;
                }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> WriteScriptAsync(FileInfo target, CancellationToken cancellationToken)
    {
        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create("Host=127.0.0.1;Database=unused"));
        var sql = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        await File.WriteAllTextAsync(target.FullName, sql, cancellationToken);
        await Console.Out.WriteLineAsync($"wrote {target.FullName}");
        return MonitorCommandLine.Success;
    }
}
