import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { isShanghaiDistrict } from '../../../../libs/domain/src/districts';
import {
  usccShanghaiDistrictOf,
  validateResidentId,
  validateUscc,
} from '../../../../libs/domain/src/identifiers';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import {
  EnterpriseRepository,
  type EnterpriseRow,
  type EnterpriseScope,
  type EnterpriseWrite,
} from '../../../../libs/persistence/src/repositories/enterprise.repository';
import type { RegisterEnterpriseDto, SearchEnterprisesQuery } from './enterprise.request.dto';

/**
 * The enterprise register. Bank users (loan officers, credit approvers) and administrators
 * register firms; a district that differs from the one the USCC names is a warning (a firm may
 * have moved) that a second user of those roles confirms before a case may be opened for it.
 */
@Injectable()
export class EnterpriseService {
  constructor(
    private readonly register: EnterpriseRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async search(query: SearchEnterprisesQuery, user: AuthenticatedUser) {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const scope = await this.scopeOf(user);
    if (!scope) return { items: [], total: 0, limit, offset };
    const page = await this.register.search(query.q, limit, offset, scope);
    return { ...page, limit, offset };
  }

  /** A firm the caller may not read is not found (404), as a firm that does not exist. */
  async get(uscc: string, user: AuthenticatedUser): Promise<EnterpriseRow> {
    const firm = await this.register.find(uscc.trim().toUpperCase());
    const scope = firm ? await this.scopeOf(user) : null;
    const visible =
      firm &&
      scope &&
      (scope.kind === 'ALL' ||
        (scope.kind === 'DISTRICT' && scope.districtCode === firm.districtCode) ||
        (scope.kind === 'ONE' && scope.uscc === firm.uscc));
    if (!firm || !visible)
      throw new ProblemException('ENTERPRISE_NOT_FOUND', `No enterprise ${uscc}`);
    return firm;
  }

  /**
   * Who reads the register (its records hold the legal representative's ID number and the
   * contacts): the banks, who lend to any firm, and the administrator, every firm; a district,
   * the firms registered in it; an enterprise, itself. The party-only roles read the pledgor
   * of a case they are party to in the case, not in the register (null: none).
   */
  private async scopeOf(user: AuthenticatedUser): Promise<EnterpriseScope | null> {
    switch (user.role) {
      case 'LOAN_OFFICER':
      case 'CREDIT_APPROVER':
      case 'ADMINISTRATOR':
        return { kind: 'ALL' };
      case 'DISTRICT_REVIEWER':
      case 'DISTRICT_APPROVER': {
        const districtCode = await this.directory.districtOf(user.organisationId);
        return districtCode ? { kind: 'DISTRICT', districtCode } : null;
      }
      case 'ENTERPRISE':
        // Enterprise organisations are keyed `ENT-<USCC>`.
        return { kind: 'ONE', uscc: user.organisationId.replace(/^ENT-/, '') };
      default:
        return null;
    }
  }

  /** Checks everything before anything is stored: USCC, resident ID, district. */
  async create(dto: RegisterEnterpriseDto, user: AuthenticatedUser): Promise<EnterpriseRow> {
    const uscc = validateUscc(dto.uscc);
    if (uscc.severity === 'ERROR' || !uscc.normalized) {
      throw new ProblemException('INVALID_IDENTIFIER', `USCC is invalid: ${uscc.reason}`, {
        extensions: { field: 'uscc', reason: uscc.reason },
      });
    }
    if (uscc.severity === 'WARNING' && !dto.confirmUsccCheck) {
      throw new ProblemException(
        'USCC_CONFIRMATION_REQUIRED',
        'The USCC check character does not match; confirm the code explicitly with a reason',
        { extensions: { field: 'uscc', reason: uscc.reason } },
      );
    }
    const idNumber = validateResidentId(dto.legalRepresentative.idNumber);
    if (!idNumber.valid || !idNumber.normalized) {
      throw new ProblemException(
        'INVALID_RESIDENT_ID',
        `The legal representative's ID number is invalid: ${idNumber.reason}`,
        { extensions: { field: 'legalRepresentative.idNumber', reason: idNumber.reason } },
      );
    }
    if (!isShanghaiDistrict(dto.districtCode)) {
      throw new ProblemException(
        'UNKNOWN_DISTRICT',
        `${dto.districtCode} is not a Shanghai district code`,
        { extensions: { field: 'districtCode' } },
      );
    }
    const usccsDistrict = usccShanghaiDistrictOf(uscc.normalized);
    const mismatch = usccsDistrict !== null && usccsDistrict !== dto.districtCode;
    return this.answer(
      await this.register.register(
        {
          uscc: uscc.normalized,
          legalName: dto.legalName.trim(),
          districtCode: dto.districtCode,
          smeClass: dto.smeClass,
          legalRepresentative: {
            name: dto.legalRepresentative.name,
            idNumber: idNumber.normalized,
          },
          contact: dto.contact,
          usccCheckOverride:
            uscc.severity === 'WARNING'
              ? { confirmedBy: user.userId, reason: dto.confirmUsccCheck!.reason }
              : null,
          usccsDistrict,
          status: mismatch ? 'PENDING_CONFIRMATION' : 'ACTIVE',
        },
        user,
      ),
      uscc.normalized,
    );
  }

  async confirmDistrict(uscc: string, user: AuthenticatedUser): Promise<EnterpriseRow> {
    const firm = await this.get(uscc, user);
    return this.answer(await this.register.confirmDistrict(firm.uscc, user), firm.uscc);
  }

  private answer(result: EnterpriseWrite, uscc: string): EnterpriseRow {
    if (result.ok) return result.enterprise;
    switch (result.code) {
      case 'ENTERPRISE_ALREADY_REGISTERED':
        throw new ProblemException('ENTERPRISE_ALREADY_REGISTERED', `${uscc} is registered`);
      case 'ENTERPRISE_NOT_PENDING':
        throw new ProblemException('ENTERPRISE_NOT_PENDING', `${uscc} has nothing to confirm`);
      case 'DISTRICT_CONFIRMATION_SAME_USER':
        throw new ProblemException(
          'DISTRICT_CONFIRMATION_SAME_USER',
          `${uscc}'s district must be confirmed by someone other than who registered it`,
        );
    }
  }
}
