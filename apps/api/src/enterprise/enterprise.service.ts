import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { isShanghaiDistrict } from '../../../../libs/domain/src/districts';
import {
  usccShanghaiDistrictOf,
  validateResidentId,
  validateUscc,
} from '../../../../libs/domain/src/identifiers';
import {
  EnterpriseRepository,
  type EnterpriseRow,
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
  constructor(private readonly register: EnterpriseRepository) {}

  search(query: SearchEnterprisesQuery) {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    return this.register
      .search(query.q, limit, offset)
      .then((page) => ({ ...page, limit, offset }));
  }

  async get(uscc: string): Promise<EnterpriseRow> {
    const firm = await this.register.find(uscc.trim().toUpperCase());
    if (!firm) throw new ProblemException('ENTERPRISE_NOT_FOUND', `No enterprise ${uscc}`);
    return firm;
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
    const firm = await this.get(uscc);
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
