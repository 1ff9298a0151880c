import { Injectable } from '@nestjs/common';
import { DomainError } from '../../libs/domain/src/errors';
import { preFilingFindings, type ReleaseGround } from '../../libs/domain/src/ip-assets';
import { AssetRegisterRepository } from '../../libs/persistence/src/repositories/asset-register.repository';
import {
  PledgeRegisterRepository,
  type FilingInput,
} from '../../libs/persistence/src/repositories/pledge-register.repository';
import type {
  AssetCheckResult,
  PledgedAssetInput,
} from '../../workflows/loan-case/loan-case.shared';
import { refusingDomainErrors } from '../shared/activity-failure';

/** What the registration office does for a case: pre-filing checks, filings, pledges, releases. */
@Injectable()
export class RegistrationOfficeActivities {
  constructor(
    private readonly assets: AssetRegisterRepository,
    private readonly pledges: PledgeRegisterRepository,
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
    await this.pledges.file(input);
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
    await refusingDomainErrors(async () => {
      const registration = await this.pledges.registerPledges(input);
      if (!registration.ok) {
        throw new DomainError(
          'ASSET_ALREADY_PLEDGED',
          `Asset ${registration.assetNumber} is already pledged under case ${registration.heldBy}`,
          { assetNumber: registration.assetNumber, heldByCase: registration.heldBy },
        );
      }
    });
  }

  async recordRegistrationRefusal(input: {
    caseNumber: string;
    filingNumber: string;
    reason: string;
    note: string | null;
  }): Promise<void> {
    await this.pledges.refuse(input.filingNumber, input.reason, input.note);
  }

  /**
   * Registers the assignment of each sold asset to the buyer and changes the register's owner,
   * with the change in the asset's history; keyed by transfer number and asset, so a retry
   * changes nothing.
   */
  async registerAssetTransfer(input: {
    caseNumber: string;
    transferNumber: string;
    assetNumbers: string[];
    toOwner: string;
    registeredOn: string;
  }): Promise<void> {
    await this.assets.transaction(async (tx) => {
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

  async releasePledge(input: {
    caseNumber: string;
    cancellationNumber: string;
    registeredOn: string;
    ground: ReleaseGround;
  }): Promise<void> {
    await this.pledges.release(input);
  }
}
