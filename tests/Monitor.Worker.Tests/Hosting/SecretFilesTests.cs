using System.Collections;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>NAME_FILE variables: which are read, how, and what is said when one cannot be.</summary>
public sealed class SecretFilesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-secrets-").FullName;

    [Fact]
    public void A_nested_key_is_read_from_its_file_without_the_trailing_newline()
    {
        var apiKey = Write("api-key", "s3cret-key-0123456789\n");
        var connection = Write("connection", "Host=db;Username=monitor\r\n");

        var values = SecretFiles.Read(new Hashtable { ["Api__ApiKey_FILE"] = apiKey, ["ConnectionStrings__Monitor_FILE"] = connection });

        Assert.Equal("s3cret-key-0123456789", values["Api:ApiKey"]);
        Assert.Equal("Host=db;Username=monitor", values["ConnectionStrings:Monitor"]);
        Assert.Equal(2, values.Count);
    }

    [Fact]
    public void Variables_of_other_programs_are_left_alone()
    {
        var values = SecretFiles.Read(new Hashtable { ["SSL_CERT_FILE"] = "/etc/ssl/certs/ca.pem", ["HISTFILE"] = "/root/.history", ["Api__ApiKey"] = "x" });

        Assert.Empty(values);
    }

    [Fact]
    public void Setting_a_key_and_its_file_is_an_error_naming_both()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SecretFiles.Read(new Hashtable { ["Database__Password"] = "inline", ["Database__Password_FILE"] = Write("pw", "file") }));

        Assert.Equal("both Database__Password and Database__Password_FILE are set; set one of them", error.Message);
    }

    [Fact]
    public void An_unreadable_file_is_an_error_naming_the_variable_and_path_but_no_contents()
    {
        var missing = Path.Combine(directory, "missing");

        var error = Assert.Throws<ConfigurationException>(() => SecretFiles.Read(new Hashtable { ["Api__ApiKey_FILE"] = missing }));

        Assert.StartsWith($"Api__ApiKey_FILE: cannot read the secret file '{missing}'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string contents)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, contents);
        return path;
    }
}
