namespace ConsentFunctions.Core.Email;

/// <summary>
/// Where an email goes when no SMTP server is set, on a developer's machine: the local host
/// registers one that prints it to its console, so the README's run command shows the whole flow.
/// The Functions app never registers one, and <see cref="EmailDelivery"/> never uses it in Azure.
/// </summary>
public interface ILocalEmailOutput
{
    void Show(EmailMessage message);
}
