using System.Reflection;

namespace Monitor.Migrations;

/// <summary>The Quartz DDL shipped as an embedded resource, split into statements for the migration.</summary>
internal static class QuartzSchema
{
    public static IEnumerable<string> Statements()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Monitor.Migrations.QuartzSchema.sql")
            ?? throw new InvalidOperationException("QuartzSchema.sql is not embedded in Monitor.Migrations.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
        return string.Join('\n', lines)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(statement => statement + ";")
            .ToList();
    }
}
