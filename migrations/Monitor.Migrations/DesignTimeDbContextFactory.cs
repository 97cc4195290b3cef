using Microsoft.EntityFrameworkCore.Design;
using Monitor.Data;

namespace Monitor.Migrations;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service; no database is contacted to add a migration.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MonitorDbContext>
{
    public MonitorDbContext CreateDbContext(string[] args) =>
        new(MonitorDbContextOptions.Create(
            Environment.GetEnvironmentVariable("MONITOR_DESIGN_CONNECTION")
            ?? "Host=127.0.0.1;Database=monitor_design;Username=postgres"));
}
