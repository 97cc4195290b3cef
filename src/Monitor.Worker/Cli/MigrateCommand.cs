using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Monitor.Data;
using Monitor.Data.LocalServer;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Cli;

/// <summary>Applies the migrations and exits (the one-shot migrator), or writes the idempotent SQL script for DBAs.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var script = new Option<FileInfo?>("--script") { Description = "Write the idempotent SQL script to this file instead of touching a database." };
        var command = new Command("migrate", "Apply database migrations (including Quartz's tables) and exit.") { script };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(script);
            return target is null
                ? await MigrateAsync(parse.UnmatchedTokens.ToArray(), cancellationToken)
                : await WriteScriptAsync(target, cancellationToken);
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

    private static async Task<int> MigrateAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Build(args);
        using var loggerFactory = CliConfiguration.CreateLoggerFactory(configuration);
        try
        {
            await using var database = await DatabaseConnection.OpenAsync(configuration, loggerFactory.CreateLogger("Monitor"), cancellationToken);
            await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(database.ConnectionString));
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await context.Database.MigrateAsync(cancellationToken);
            await Console.Out.WriteLineAsync(pending.Count == 0
                ? "database is up to date"
                : $"applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return MonitorCommandLine.Success;
        }
        catch (LocalPostgresException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return MonitorCommandLine.BadInput;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"error: database: {e.Message}");
            return MonitorCommandLine.Failure;
        }
    }
}
