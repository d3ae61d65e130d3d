// The CUPS backend's parsers on outputs recorded from CUPS 2.4 (Debian 12), plus PPD
// option listings of the shapes vendor drivers use, which the simulated printer cannot
// produce. The real-spooler behaviour is in print-cups.test.ts.

import { describe, expect, it } from 'vitest';
import {
  capabilitiesFromIpp,
  capabilitiesFromPpdOptions,
  CupsBackend,
  isValidCupsPrinterName,
  jobStateFromIpp,
  jobStateFromLpstat,
  parseIpptoolOutput,
  parseLpoptions,
  parseLpRequestId,
  parseLpstatDefault,
  parseLpstatDestinations,
  parseLpstatJobs,
} from '../../main/print/cups';
import { PrintError } from '../../main/print/errors';
import type { CommandResult, CommandRunner } from '../../main/print/run';

const ok = (stdout: string, stderr = ''): CommandResult => ({ stdout, stderr, exitCode: 0 });

describe('CUPS output parsers', () => {
  it('reads destinations and the default from lpstat', () => {
    expect(parseLpstatDestinations('SimColor\nSimDuplex\n彩色打印机\nbad name with spaces\nSimDuplex\n\n')).toEqual(['SimColor', 'SimDuplex', '彩色打印机']);
    expect(parseLpstatDefault('system default destination: SimColor\n')).toBe('SimColor');
    expect(parseLpstatDefault('system default destination: Office/duplex\n')).toBe('Office');
    expect(parseLpstatDefault('no system default destination\n')).toBeUndefined();
  });

  it('reads the job id from lp, only for the printer asked for', () => {
    expect(parseLpRequestId('request id is SimDuplex-12 (1 file(s))\n', 'SimDuplex')).toBe('12');
    expect(parseLpRequestId('request id is Office-2-7 (1 file(s))\n', 'Office-2')).toBe('7');
    expect(parseLpRequestId('request id is Other-12 (1 file(s))\n', 'SimDuplex')).toBeUndefined();
    expect(parseLpRequestId('', 'SimDuplex')).toBeUndefined();
  });

  it('reads ipptool -t reports, passed and failed', () => {
    const passed = parseIpptoolOutput(
      [
        '"/tmp/co/printer-caps.test":',
        '    co-self-print printer capabilities                                   [PASS]',
        '        media-supported (1setOf keyword) = iso_a4_210x297mm,na_number-10_4.125x9.5in,iso_dl_110x220mm,na_legal_8.5x14in,na_letter_8.5x11in',
        '        color-supported (boolean) = false',
        '        print-color-mode-supported (keyword) = monochrome',
        '        sides-supported (keyword) = one-sided',
      ].join('\n'),
    );
    expect(passed.passed).toBe(true);
    expect(passed.statusCode).toBe('successful-ok');
    expect(capabilitiesFromIpp(passed.attributes)).toEqual({ a4: true, color: false, duplex: false });

    const notFound = parseIpptoolOutput(
      [
        '"/tmp/js.test":',
        '    job state                                                            [FAIL]',
        '        RECEIVED: 115 bytes in response',
        '        status-code = client-error-not-found (Job #999 does not exist.)',
        '        EXPECTED: STATUS successful-ok (got client-error-not-found)',
        '        status-message="Job #999 does not exist."',
      ].join('\n'),
    );
    expect(notFound).toMatchObject({ passed: false, statusCode: 'client-error-not-found' });
    // Nothing at all (ipptool could not connect): no status.
    expect(parseIpptoolOutput('').statusCode).toBeUndefined();
  });

  it('maps every IPP job state', () => {
    expect(['pending', 'pending-held', 'processing', 'processing-stopped', 'canceled', 'aborted', 'completed', 'nonsense', undefined].map(jobStateFromIpp)).toEqual([
      'pending',
      'held',
      'processing',
      'stopped',
      'canceled',
      'aborted',
      'completed',
      'unknown',
      'unknown',
    ]);
  });

  it('reads a colour duplex printer from lpoptions (IPP Everywhere PPD as CUPS 2.4 writes it)', () => {
    const options = parseLpoptions(
      [
        'PageSize/Media Size: 3.5x5.Borderless 3x5.Borderless 4x6.Borderless 5x7.Borderless A4 A5 A6.Borderless Env10 EnvDL Legal *Letter',
        'InputSlot/Media Source: Auto *Main Photo',
        'cupsPrintQuality/cupsPrintQuality: Draft *Normal High',
        'ColorModel/Output Mode: *RGB Gray Gray',
        'Duplex/Duplex: *None DuplexNoTumble DuplexTumble',
      ].join('\n'),
    );
    expect(options.get('Duplex')).toEqual(['None', 'DuplexNoTumble', 'DuplexTumble']);
    expect(capabilitiesFromPpdOptions(options)).toEqual({ a4: true, color: true, duplex: true });
  });

  it('reads vendor PPD spellings and monochrome-only colour models', () => {
    const vendor = parseLpoptions('PageSize/页面大小: Letter *A4.Fullbleed A3\nColorModel/颜色: *CMYK Grayscale\nEFDuplex/双面: *False DuplexNoTumble DuplexTumble\n');
    expect(capabilitiesFromPpdOptions(vendor)).toEqual({ a4: true, color: true, duplex: true });

    const mono = parseLpoptions('PageSize/Media Size: *Letter Legal A4Small\nColorModel/Output Mode: *Gray\nOutputBin/OutputBin: *FaceDown\n');
    expect(capabilitiesFromPpdOptions(mono)).toEqual({ a4: false, color: false, duplex: false });
  });

  it('reads jobs from lpstat -l', () => {
    const jobs = parseLpstatJobs(
      [
        'SimCmd-4                root              3072   Sat Nov 28 12:48:50 2026',
        '\tStatus: loadFilename failed: /var/spool/cups/d00004-001: unable to find trailer dictionary',
        '\tAlerts: job-completed-with-errors',
        '\tqueued for SimCmd',
        'SimCmd-5                root              2048   Sat Nov 28 12:49:11 2026',
        '\tAlerts: job-printing',
        '\tqueued for SimCmd',
        'SimCmd-6                root              2048   Sat Nov 28 12:49:11 2026',
        '\tAlerts: job-hold-until-specified',
      ].join('\n'),
    );
    expect(jobs.map((j) => [j.id, jobStateFromLpstat(j, false)])).toEqual([
      ['4', 'stopped'],
      ['5', 'processing'],
      ['6', 'held'],
    ]);
    // CUPS 2.4 says "processing-to-stop-point" for completed AND canceled jobs.
    expect(jobStateFromLpstat({ printer: 'P', id: '1', status: '', alerts: ['processing-to-stop-point'] }, true)).toBe('unknown');
    expect(jobStateFromLpstat({ printer: 'P', id: '1', status: '', alerts: ['job-completed-successfully'] }, true)).toBe('completed');
    expect(jobStateFromLpstat({ printer: 'P', id: '1', status: '', alerts: ['job-canceled-by-user'] }, true)).toBe('canceled');
    expect(jobStateFromLpstat({ printer: 'P', id: '1', status: '', alerts: ['aborted-by-system'] }, true)).toBe('aborted');
  });

  it('accepts queue names CUPS and Chinese desktops use, and nothing that could be an option or a path', () => {
    for (const name of ['HP_LaserJet_M479', 'Office.2F-color', 'printer@server', '彩色打印机', 'Canon+G3800']) expect(isValidCupsPrinterName(name)).toBe(true);
    for (const name of ['-d', '--help', 'a b', 'a/b', 'a#b', "a'b", 'a\tb', '', 'x'.repeat(128)]) expect(isValidCupsPrinterName(name)).toBe(false);
  });
});

describe('CUPS backend on recorded outputs', () => {
  function replay(responses: Record<string, CommandResult | Error>): { runner: CommandRunner; calls: string[][] } {
    const calls: string[][] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push([file, ...args]);
      const key = [file, ...args.filter((a) => !a.endsWith('.test'))].join(' ');
      const response = responses[key];
      if (response === undefined) throw new Error(`unexpected command: ${key}`);
      if (response instanceof Error) throw response;
      return response;
    };
    return { runner, calls };
  }

  it('passes the job to lp as separate arguments, the file after --', async () => {
    const { runner, calls } = replay({
      'lp -d Office -t CO "quoted" $(x) -n 2 -o media=A4 -o sides=two-sided-long-edge -o print-color-mode=color -o print-scaling=none -- -rf.pdf': ok('request id is Office-41 (1 file(s))\n'),
    });
    const backend = new CupsBackend({ runner, workDir: '/nonexistent' });
    const id = await backend.submit({ printer: 'Office', filePath: '-rf.pdf', title: 'CO "quoted" $(x)\n', duplex: true, color: true, copies: 2 });
    expect(id).toBe('41');
    expect(calls[0]?.slice(0, 5)).toEqual(['lp', '-d', 'Office', '-t', 'CO "quoted" $(x)']);
  });

  it('turns lp and lpstat errors into PrintErrors', async () => {
    const { runner } = replay({
      'lp -d Gone -t CO -n 1 -o media=A4 -o sides=one-sided -o print-color-mode=monochrome -o print-scaling=none -- /tmp/a.pdf': {
        stdout: '',
        stderr: 'lp: Error - The printer or class does not exist.\n',
        exitCode: 1,
      },
      'lpstat -e': { stdout: '', stderr: 'lpstat: Scheduler is not running.\n', exitCode: 1 },
      'lpstat -d': { stdout: '', stderr: 'lpstat: Scheduler is not running.\n', exitCode: 1 },
    });
    const backend = new CupsBackend({ runner });
    const notFound = await backend.submit({ printer: 'Gone', filePath: '/tmp/a.pdf', title: 'CO', duplex: false, color: false, copies: 1 }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(PrintError);
    expect((notFound as PrintError).code).toBe('PRINTER_NOT_FOUND');
    const down = await backend.listPrinters().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(PrintError);
    expect((down as PrintError).code).toBe('PRINT_FAILED');
    expect((down as PrintError).message).toContain('无法连接打印服务');
  });
});
