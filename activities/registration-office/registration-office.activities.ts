import { Injectable } from '@nestjs/common';
import { preFilingFindings, type ReleaseGround } from '../../libs/domain/src/ip-assets';
import { AssetRegisterRepository } from '../../libs/persistence/src/repositories/asset-register.repository';
import {
  PledgeRegisterRepository,
  type FilingInput,
} from '../../libs/persistence/src/repositories/pledge-register.repository';
import type {
  AssetCheckResult,
  PledgedAssetInput,
} from '../../libs/domain/src/loan-case/loan-case.types';
import { refusingDomainErrors } from '../shared/activity-failure';
import { FileRegistrationUseCase } from './use-cases/file-registration.use-case';
import { RecordRegistrationRefusalUseCase } from './use-cases/record-registration-refusal.use-case';
import { RegisterPledgeUseCase } from './use-cases/register-pledge.use-case';
import { ReleasePledgeUseCase } from './use-cases/release-pledge.use-case';

/** What the registration office does for a case: pre-filing checks, filings, pledges, releases. */
@Injectable()
export class RegistrationOfficeActivities {
  constructor(
    private readonly assets: AssetRegisterRepository,
    private readonly pledges: PledgeRegisterRepository,
    private readonly filing: FileRegistrationUseCase,
    private readonly pledging: RegisterPledgeUseCase,
    private readonly refusal: RecordRegistrationRefusalUseCase,
    private readonly release: ReleasePledgeUseCase,
  ) {}

  /** Checks every asset against every refusal ground; read-only, so retries are harmless. */
  async checkAssetsForPledge(input: {
    caseNumber: string;
    pledgorUscc: string;
    assets: PledgedAssetInput[];
    debtEndDate: string;
    asOf: string;
  }): Promise<AssetCheckResult[]> {
    const results: AssetCheckResult[] = [];
    for (const requested of input.assets) {
      const asset = await this.assets.find(requested.number);
      const findings = preFilingFindings({
        asset,
        requestedNumber: requested.number,
        pledgorUscc: input.pledgorUscc,
        coOwnerConsents: requested.coOwnerConsents,
        invalidationPendingConfirmed: requested.invalidationPendingConfirmed,
        activePledgeCase: await this.pledges.activePledgeCase(requested.number, input.caseNumber),
        debtEndDate: input.debtEndDate,
        asOf: input.asOf,
      });
      results.push({
        kind: requested.kind,
        number: requested.number,
        title: asset?.title ?? null,
        passed: findings.length === 0,
        findings,
      });
    }
    return results;
  }

  async fileRegistration(input: FilingInput): Promise<void> {
    await this.filing.execute(input);
  }

  /** @throws ApplicationFailure(ASSET_ALREADY_PLEDGED), non-retryable, naming the holding case. */
  async registerPledge(input: {
    caseNumber: string;
    filingNumber: string;
    registrationNumber: string;
    registeredOn: string;
    bankOrgId: string;
    pledgorUscc: string;
    assets: { kind: string; number: string }[];
  }): Promise<void> {
    await refusingDomainErrors(() => this.pledging.execute(input));
  }

  async recordRegistrationRefusal(input: {
    caseNumber: string;
    filingNumber: string;
    reason: string;
    note: string | null;
  }): Promise<void> {
    await this.refusal.execute(input);
  }

  /**
   * Registers the assignment of each sold asset to the buyer and changes the register's owner,
   * with the change in the asset's history; keyed by transfer number and asset, so a retry
   * changes nothing. Called by the case as it releases the realised pledge: when the disposal
   * has opened a transfer request, the owner changes only when a clerk registers it
   * ({@link registerRequestedTransfer}), so this does nothing.
   */
  async registerAssetTransfer(input: {
    caseNumber: string;
    transferNumber: string;
    assetNumbers: string[];
    toOwner: string;
    registeredOn: string;
  }): Promise<void> {
    await this.assets.transaction(async (tx) => {
      if (await this.pledges.hasTransferRequest(input.caseNumber, tx)) return;
      for (const number of input.assetNumbers) {
        const asset = await this.assets.find(number, tx);
        if (!asset) throw new Error(`Asset ${number} is not in the register`);
        const recorded = await this.pledges.recordTransfer(
          {
            transferNumber: input.transferNumber,
            assetNumber: number,
            caseNumber: input.caseNumber,
            fromOwners: asset.owners,
            toOwner: input.toOwner,
            ground: 'PLEDGE_REALISED',
            registeredOn: input.registeredOn,
          },
          tx,
        );
        if (recorded)
          await this.assets.upsert(
            { ...asset, owners: [input.toOwner] },
            `registration-office:${input.transferNumber}`,
            tx,
          );
      }
    });
  }

  /**
   * Opens the pending transfer of each sold asset to the buyer: the register keeps the owner
   * and shows the pending transfer; the registration office's clerks get a work item. Idempotent.
   */
  async openAssetTransferRequest(input: {
    caseNumber: string;
    transferId: string;
    assetNumbers: string[];
    toOwner: string;
    requestedOn: string;
  }): Promise<void> {
    await this.assets.transaction(async (tx) => {
      for (const number of input.assetNumbers) {
        const asset = await this.assets.find(number, tx);
        if (!asset) throw new Error(`Asset ${number} is not in the register`);
        await this.pledges.openTransferRequest(
          {
            transferId: input.transferId,
            assetNumber: number,
            caseNumber: input.caseNumber,
            fromOwners: asset.owners,
            toOwner: input.toOwner,
            requestedOn: input.requestedOn,
          },
          tx,
        );
      }
    });
  }

  /** Withdraws a pending transfer whose sale the case refused to settle. Idempotent. */
  async withdrawAssetTransferRequest(input: { transferId: string }): Promise<void> {
    await this.pledges.withdrawTransferRequest(input.transferId);
  }

  /**
   * The clerk registers the pending transfer: each asset's owner becomes the buyer (with the
   * change in its history), the transfer is recorded under the registration number, the work
   * item closes. Keyed by transfer and asset, so a retry changes nothing.
   */
  async registerRequestedTransfer(input: {
    caseNumber: string;
    transferId: string;
    registrationNumber: string;
    registeredOn: string;
    registeredBy: string;
  }): Promise<void> {
    await this.assets.transaction(async (tx) => {
      for (const number of await this.pledges.transferRequestAssets(input.transferId, tx)) {
        const asset = await this.assets.find(number, tx);
        if (!asset) throw new Error(`Asset ${number} is not in the register`);
        const done = await this.pledges.completeTransferRequest(
          { ...input, assetNumber: number },
          tx,
        );
        if (!done) continue;
        await this.pledges.recordTransfer(
          {
            transferNumber: input.registrationNumber,
            assetNumber: number,
            caseNumber: input.caseNumber,
            fromOwners: asset.owners,
            toOwner: done.toOwner,
            ground: 'PLEDGE_REALISED',
            registeredOn: input.registeredOn,
          },
          tx,
        );
        await this.assets.upsert(
          { ...asset, owners: [done.toOwner] },
          `registration-office:${input.registrationNumber}`,
          tx,
        );
      }
    });
  }

  async releasePledge(input: {
    caseNumber: string;
    cancellationNumber: string;
    registeredOn: string;
    ground: ReleaseGround;
  }): Promise<void> {
    await this.release.execute(input);
  }
}
