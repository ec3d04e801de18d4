/* Clone-engine fixture, assembly part: one function per rewrite kind and refusal reason. */
#define FUNC(name) .globl name; .type name, @function; name:
#define END(name) .size name, . - name

	.section .text.other, "ax"
FUNC(__x86_return_thunk)
	ret
	int3
END(__x86_return_thunk)
FUNC(asm_helper)
	nop
	nop
	nop
	ret
END(asm_helper)
	.globl __SCT__fixture_call
__SCT__fixture_call:
	ret
	int3

	.text
FUNC(__fentry__)
	ret
END(__fentry__)

/* EXIT: a plain ret, a ret through the return thunk, a conditional one. */
FUNC(exits)
	test %edi, %edi
	jne 1f
	ret
1:	js __x86_return_thunk
	mov $1, %eax
	jmp __x86_return_thunk
END(exits)

/* TAIL_CALL: unconditional and conditional, to a callee taking three register arguments. */
FUNC(tail_regs)
	jmp callee_regs
END(tail_regs)
FUNC(tail_cond)
	test %edi, %edi
	jne callee_regs
	ret
END(tail_cond)

/* WIDENED: a short jump to the next function. */
FUNC(short_out)
	xor %eax, %eax
	jmp neighbour
END(short_out)
FUNC(neighbour)
	ret
END(neighbour)

/* A cold part, entered and left by 32-bit jumps. */
FUNC(hot)
	test %edi, %edi
	jne hot.cold
2:	ret
END(hot)
	.section .text.unlikely, "ax"
	.type hot.cold, @function
hot.cold:
	mov $3, %eax
	jmp 2b
	.size hot.cold, . - hot.cold

/* A per-CPU access: %gs:sym(%rip) keeps the offset verbatim. */
	.text
FUNC(pcpu_near_ref)
	mov %gs:pcpu_near(%rip), %rax
	ret
END(pcpu_near_ref)

/* Exit-tracking refusals. */
FUNC(tail_stack)
	jmp callee_stack
END(tail_stack)
FUNC(tail_variadic)
	jmp callee_variadic
END(tail_variadic)
FUNC(tail_unknown)
	jmp asm_helper
END(tail_unknown)
FUNC(tail_indirect)
	jmp *%rax
END(tail_indirect)
FUNC(tail_static)
	jmp __SCT__fixture_call
END(tail_static)
FUNC(irets)
	iretq
END(irets)
FUNC(ret_pops)
	ret $8
END(ret_pops)
FUNC(foreign)
	jmp asm_helper+2
END(foreign)
FUNC(patched_exit)
	xor %eax, %eax
661:	ret
	int3
662:
	.pushsection .altinstructions, "a"
	.long 661b - .
	.long 663f - .
	.word 0x10
	.byte 662b - 661b
	.byte 664f - 663f
	.popsection
	.pushsection .altinstr_replacement, "ax"
663:	nop
	nop
664:
	.popsection
END(patched_exit)

/* Clone refusals. */
FUNC(no_size)
	ret
FUNC(undecodable)
	.byte 0x06
	ret
END(undecodable)
FUNC(overrun)
	mov $1, %eax
	.size overrun, 2
FUNC(misplaced)
	.byte 0x48, 0xb8
	.reloc ., R_X86_64_PC32, data_word
	.long 0
	.long 0
	ret
END(misplaced)
FUNC(mismatch)
	mov data_word(%rip), %eax
	ret
END(mismatch)
FUNC(pc64)
	.byte 0x48, 0xb8
	.reloc ., R_X86_64_PC64, data_word
	.quad 0
	ret
END(pc64)
FUNC(to_init)
	call init_only
	ret
END(to_init)
	.weak nowhere
FUNC(to_nowhere)
	movq $nowhere, %rax
	ret
END(to_nowhere)
FUNC(into_insn)
	nop
	nop
	nop
	nop
	nop
	nop
	mov $0x90909090, %eax
	jne into_insn + 8
	ret
END(into_insn)
FUNC(into_entry)
	push %rbx
	push %rbp
	pop %rbp
	pop %rbx
	dec %edi
	jne into_entry + 1
	ret
END(into_entry)
FUNC(interior)
	nop
	nop
	nop
	nop
	ret
END(interior)
FUNC(jrcxz_out)
	jrcxz .Lneighbour2
	ret
END(jrcxz_out)
FUNC(neighbour2)
.Lneighbour2:
	ret
END(neighbour2)
FUNC(far_abs)
	.byte 0xb8
	.reloc ., R_X86_64_32, data_word - 0xffffffff81000000
	.long 0
	ret
END(far_abs)
FUNC(bad_extable)
1:	mov (%rdi), %eax
	ret
	.pushsection __ex_table, "a"
	.long 1b + 1 - .
	.long 1b - .
	.long 0
	.popsection
END(bad_extable)
FUNC(alt_init)
661:	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00
662:	ret
	.pushsection .altinstructions, "a"
	.long 661b - .
	.long 663f - .
	.word 0x20
	.byte 662b - 661b
	.byte 664f - 663f
	.popsection
	.pushsection .altinstr_replacement, "ax"
663:	call init_only
664:
	.popsection
END(alt_init)

/* Tables that map: an exception entry, an alternative with a relocated replacement, a jump label. */
FUNC(good_tables)
1:	mov (%rdi), %eax
2:	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00
3:	xor %eax, %eax
4:	ret
	.pushsection __ex_table, "a"
	.long 1b - .
	.long 3b - .
	.long 0x7
	.popsection
	.pushsection .altinstructions, "a"
	.long 2b - .
	.long 663f - .
	.word 0x21
	.byte 3b - 2b
	.byte 664f - 663f
	.popsection
	.pushsection .altinstr_replacement, "ax"
663:	call callee_regs
664:
	.popsection
	.pushsection __jump_table, "aw"
	.balign 8
	.long 2b - .
	.long 4b - .
	.quad data_word + 1 - .
	.popsection
END(good_tables)

	.section .rodata
	.quad interior + 3

	.section .data..percpu, "aw"
	.globl pcpu_near
	.skip 0x40
pcpu_near:
	.quad 0
	.section .note.GNU-stack, "", @progbits
