using ConsentFunctions;
using ConsentFunctions.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddConsentCore(builder.Configuration).AddConsentFunctions();
builder.Build().Run();
