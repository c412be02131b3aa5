# Make ClinicPay Kiosk the shell of the local account "kiosk" with Shell Launcher v2.
#
# Run in an elevated PowerShell *as SYSTEM* (the MDM Bridge WMI provider requires it), e.g.
#     psexec.exe -i -s powershell.exe -ExecutionPolicy Bypass -File .\Set-KioskShell.ps1
# Windows 10/11 Enterprise, Education or IoT Enterprise. docs/deploy-windows.md explains
# every step. UNTESTED here: CI runs on Linux; written from Microsoft's documentation.
param(
    [string]$ConfigurationFile = (Join-Path $PSScriptRoot "shell-launcher.xml"),
    [switch]$Remove
)
$ErrorActionPreference = "Stop"

$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne "Enabled") {
    Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart
    Write-Output "Shell Launcher enabled; restart Windows, then run this script again."
    exit 0
}

$assigned = Get-CimInstance -Namespace "root\cimv2\mdm\dmmap" -ClassName "MDM_AssignedAccess"
if ($Remove) {
    $assigned.ShellLauncher = $null
} else {
    $xml = Get-Content -Raw -Path $ConfigurationFile
    [xml]$xml | Out-Null   # refuse a file that is not well-formed XML
    $assigned.ShellLauncher = [System.Net.WebUtility]::HtmlEncode($xml)
}
Set-CimInstance -CimInstance $assigned | Out-Null
Write-Output "Shell Launcher configuration applied; sign in as kiosk to check."
