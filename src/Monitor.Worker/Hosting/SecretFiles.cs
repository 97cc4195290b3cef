using System.Collections;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;

namespace Monitor.Worker.Hosting;

/// <summary>
/// Secrets from files (Docker and Kubernetes secrets): an environment variable <c>NAME_FILE</c>, where NAME is the
/// environment form of a nested configuration key (at least one <c>__</c>, e.g. <c>ConnectionStrings__Monitor_FILE</c>,
/// <c>Database__Password_FILE</c>, <c>Api__ApiKey_FILE</c>), sets that key to the file's contents, trailing line breaks
/// and spaces removed. Setting both NAME and NAME_FILE is an error; so is a file that cannot be read. Command-line
/// overrides still win. The contents never appear in logs or errors.
/// </summary>
public static class SecretFiles
{
    public const string Suffix = "_FILE";

    /// <summary>Adds the secret files named in the process environment, just below the command line in precedence.</summary>
    public static void AddTo(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = Read(Environment.GetEnvironmentVariables());
        if (values.Count == 0)
        {
            return;
        }

        var source = new MemoryConfigurationSource { InitialData = values };
        var commandLine = configuration.Sources.Select((s, i) => (s, i)).FirstOrDefault(p => p.s is CommandLineConfigurationSource);
        if (commandLine.s is null)
        {
            configuration.Add(source);
        }
        else
        {
            configuration.Sources.Insert(commandLine.i, source);
        }
    }

    /// <summary>Configuration key → secret, for every <c>NAME_FILE</c> variable in <paramref name="environment"/>.</summary>
    public static Dictionary<string, string?> Read(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in environment)
        {
            var name = (string)variable.Key;
            if (!name.EndsWith(Suffix, StringComparison.Ordinal) || !name.Contains("__", StringComparison.Ordinal))
            {
                continue;
            }

            var target = name[..^Suffix.Length];
            if (environment.Contains(target))
            {
                throw new ConfigurationException($"both {target} and {name} are set; set one of them");
            }

            var path = (string?)variable.Value;
            try
            {
                values[target.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = File.ReadAllText(path ?? "").TrimEnd('\r', '\n', ' ', '\t');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new ConfigurationException($"{name}: cannot read the secret file '{path}': {e.Message}", e);
            }
        }

        return values;
    }
}
