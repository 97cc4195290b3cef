namespace Monitor.Worker.Cli;

/// <summary>
/// Separates configuration overrides from a verb's own arguments, before the verb's strict parsing. The rule: a token
/// <c>--NAME=VALUE</c> whose NAME starts with an upper-case letter (<c>--Urls=…</c>, <c>--Database:MigrateOnStart=false</c>,
/// <c>--ConnectionStrings:Monitor=…</c>) sets the configuration key NAME, wherever it stands; verb options are lower
/// case (<c>--json</c>, <c>--group G</c>). An upper-case <c>--NAME</c> without <c>=VALUE</c> is an error, and nothing
/// after a bare <c>--</c> is taken as configuration.
/// </summary>
public sealed record ConfigurationArguments(IReadOnlyList<string> Configuration, IReadOnlyList<string> Verb, IReadOnlyList<string> Errors)
{
    public static ConfigurationArguments Split(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new List<string>();
        var verb = new List<string>();
        var errors = new List<string>();
        var optionsEnded = false;
        foreach (var arg in args)
        {
            if (optionsEnded || !IsConfigurationKey(arg))
            {
                optionsEnded |= arg == "--";
                verb.Add(arg);
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                configuration.Add(arg);
            }
            else
            {
                errors.Add($"configuration override '{arg}' has no value: write {arg}=VALUE");
            }
        }

        return new ConfigurationArguments(configuration, verb, errors);
    }

    private static bool IsConfigurationKey(string arg) => arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetterUpper(arg[2]);
}
