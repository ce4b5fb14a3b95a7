using ConsentFunctions.LocalHost;

// Runs the Functions app's own classes without Azure Functions Core Tools (see ARCHITECTURE.md).
await using var host = await LocalHostApp.StartAsync(args);
await host.App.WaitForShutdownAsync();
