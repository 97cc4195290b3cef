using Monitor.Testing.Postgres;

[assembly: AssemblyFixture(typeof(PostgresServer))]
